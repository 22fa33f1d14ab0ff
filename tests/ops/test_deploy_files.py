"""The deploy files, checked by parsing: Docker and a cluster do not run here.

Schema checks catch shape errors (a misspelt key, a probe without a handler);
the cross-checks catch what schemas cannot: a Service whose selector matches no
pod, a probe aimed at a port the container does not declare, an environment
variable that is no setting at all.
"""
from __future__ import annotations

import re
from importlib.metadata import version

import pytest
import yaml
from jsonschema import Draft202012Validator

from bot.settings import ROOT, Settings
from tests.ops.deploy_schemas import COMPOSE, KUBERNETES

DEPLOY = ROOT / "deploy"
SETTINGS_ENV = {name.upper() for name in Settings.model_fields}
# environment the image sets for libraries, not for bot/settings.py
LIBRARY_ENV = {"HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "OMP_NUM_THREADS", "MPLCONFIGDIR", "PYTHONUNBUFFERED",
               "PYTHONDONTWRITEBYTECODE", "PIP_NO_CACHE_DIR", "PIP_DISABLE_PIP_VERSION_CHECK"}


def _errors(schema: dict, doc: object) -> list[str]:
    validator = Draft202012Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


# -- Dockerfile ------------------------------------------------------------------
def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    logical, buf = [], ""
    for line in text.splitlines():
        if not buf and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.lstrip().startswith("#"):  # a comment inside a continued instruction
            continue
        buf += line.rstrip()
        if buf.endswith("\\"):
            buf = buf[:-1] + " "
            continue
        logical.append(buf.strip())
        buf = ""
    pairs = []
    for item in logical:
        word, _, rest = item.partition(" ")
        pairs.append((word.upper(), rest.strip()))
    return pairs


@pytest.fixture(scope="module")
def dockerfile() -> list[tuple[str, str]]:
    return dockerfile_instructions((DEPLOY / "Dockerfile").read_text())


def test_dockerfile_base_user_torch_and_healthcheck(dockerfile):
    kinds = [k for k, _ in dockerfile]
    assert dockerfile[0] == ("FROM", "python:3.11-slim")
    users = [arg for k, arg in dockerfile if k == "USER"]
    assert users and users[-1].split(":")[0] not in {"root", "0"}  # the last USER is the one that runs
    runs = [arg for k, arg in dockerfile if k == "RUN"]
    torch_runs = [i for i, arg in enumerate(runs) if "torch==" in arg]
    assert torch_runs, "torch must be installed explicitly"
    torch_run = runs[torch_runs[0]]
    assert "torch==2.13.0" in torch_run and "--index-url https://download.pytorch.org/whl/cpu" in torch_run
    project_runs = [i for i, arg in enumerate(runs) if re.search(r"pip install (-e )?\.", arg)]
    assert project_runs and torch_runs[0] < project_runs[0], "torch goes in before the project pulls a CUDA one"
    assert "--index-url" not in runs[project_runs[0]], "only torch comes from the PyTorch index"
    health = [arg for k, arg in dockerfile if k == "HEALTHCHECK"]
    assert len(health) == 1 and "/healthz" in health[0] and "CMD" in health[0]
    env = " ".join(arg for k, arg in dockerfile if k == "ENV")
    assert "HF_HUB_OFFLINE=1" in env and "OPS_PORT=9100" in env
    assert kinds.index("USER") < max(i for i, k in enumerate(kinds) if k == "RUN" and "coach ingest" in
                                     dockerfile[i][1]), "the index is built as the user that will read it"


def test_dockerfile_env_names_are_settings_or_library_switches(dockerfile):
    names = set()
    for kind, arg in dockerfile:
        if kind == "ENV":
            names |= set(re.findall(r"(?:^|\s)([A-Z_][A-Z0-9_]*)=", arg))
    assert names and names <= SETTINGS_ENV | LIBRARY_ENV, names - SETTINGS_ENV - LIBRARY_ENV


def test_the_image_installs_the_extras_named_by_the_build_arg(dockerfile):
    """EXTRAS=openai installs `.[openai]`; no EXTRAS installs the plain package (the shell expands it)."""
    import subprocess

    assert ("ARG", 'EXTRAS=""') in dockerfile
    run = next(arg for kind, arg in dockerfile if kind == "RUN" and "pip install -e ." in arg)
    install = run.split("&&")[0].strip().replace("pip install", "printf '%s\\n'", 1)
    targets = {extras: subprocess.run(["sh", "-c", install], env={"EXTRAS": extras}, capture_output=True,
                                      text=True, check=True).stdout.split()
               for extras in ("", "openai")}
    assert targets == {"": ["-e", "."], "openai": ["-e", ".[openai]"]}


def test_dockerignore_keeps_the_venv_and_secrets_out():
    ignored = (DEPLOY / "Dockerfile.dockerignore").read_text().split()
    assert {".venv", ".git", ".env", "data"} <= set(ignored)


# -- compose ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_compose_matches_the_schema(compose):
    assert _errors(COMPOSE, compose) == []


def test_the_compose_schema_rejects_typical_mistakes(compose):
    broken = yaml.safe_load(yaml.safe_dump(compose))
    broken["services"]["redis"]["restart"] = "sometimes"
    broken["services"]["slack"]["depends_on"]["redis"]["condition"] = "healthy"
    broken["services"]["discord"]["enviroment"] = {}
    errors = _errors(COMPOSE, broken)
    assert len(errors) == 3, errors


def test_compose_services_and_wiring(compose):
    services, volumes = compose["services"], compose.get("volumes", {})
    assert {"redis", "chroma", "ingest", "slack", "discord"} <= set(services)
    redis_cmd = services["redis"]["command"]
    assert redis_cmd[redis_cmd.index("--appendonly") + 1] == "yes"
    assert any(v.startswith("redis-data:/data") for v in services["redis"]["volumes"])
    assert services["chroma"]["image"].startswith("chromadb/chroma:")
    # the server and the client in the image must speak the same API
    assert services["chroma"]["image"].split(":")[1] == version("chromadb")
    for name, svc in services.items():
        for vol in svc.get("volumes", []):
            source = vol.split(":")[0]
            if not source.startswith((".", "/")):
                assert source in volumes, f"{name} uses undeclared volume {source}"
        for dep in svc.get("depends_on", {}):
            assert dep in services, f"{name} depends on unknown {dep}"
    bots = {n: services[n] for n in ("slack", "discord", "ingest")}
    for name, svc in bots.items():
        env = svc["environment"]
        assert env["REDIS_URL"].startswith("redis://redis:"), name
        assert env["CHROMA_HOST"] == "chroma", name
        assert set(env) <= SETTINGS_ENV, set(env) - SETTINGS_ENV
        assert svc["build"]["dockerfile"] == "deploy/Dockerfile"
        assert svc["build"]["args"]["EXTRAS"] == "${EXTRAS:-}", "compose passes EXTRAS to the image build"
    assert bots["slack"]["command"] == ["slack"] and bots["slack"]["environment"]["SLACK_MODE"] == "http"
    assert bots["discord"]["command"] == ["discord"]
    assert bots["ingest"]["command"] == ["ingest"] and bots["ingest"]["restart"] == "no"
    for name in ("slack", "discord"):
        assert bots[name]["depends_on"]["ingest"]["condition"] == "service_completed_successfully"
        assert bots[name]["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "healthcheck" in services["redis"]
    assert bots["ingest"]["depends_on"]["chroma"]["condition"] == "service_healthy"
    slack_port = bots["slack"]["environment"]["SLACK_PORT"]
    assert any(p.split(":")[-1] == slack_port for p in bots["slack"]["ports"])


def test_compose_chroma_healthcheck_asks_the_heartbeat_with_bash_alone(compose):
    """The chromadb image has bash but no curl, wget or python: the probe is bash's /dev/tcp. Run it
    (compose's $$ made $) against a local server in Chroma's place: 200 on the heartbeat is healthy,
    a 404 or a closed port is not."""
    import http.server
    import shutil
    import socket
    import subprocess
    import threading

    test = compose["services"]["chroma"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "/bin/bash", "-c"] and "/api/v2/heartbeat" in test[3]

    class Heartbeat(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            ok = self.path == "/api/v2/heartbeat"
            self.send_response(200 if ok else 404)
            self.end_headers()
            self.wfile.write(b'{"nanosecond heartbeat": 1}' if ok else b"")

        def log_message(self, *args):
            pass

    def probe(port: int, path: str = "/api/v2/heartbeat") -> int:
        script = test[3].replace("$$", "$").replace("/8000", f"/{port}").replace("/api/v2/heartbeat", path)
        return subprocess.run([shutil.which("bash") or "/bin/bash", "-c", script], timeout=10).returncode

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Heartbeat)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        assert probe(port) == 0
        assert probe(port, "/api/v1/heartbeat") != 0
    finally:
        server.shutdown()
        server.server_close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    assert probe(closed) != 0


# -- Kubernetes ------------------------------------------------------------------
def _k8s_docs() -> list[tuple[str, dict]]:
    docs = []
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        docs += [(path.name, d) for d in yaml.safe_load_all(path.read_text()) if d]
    return docs


K8S = _k8s_docs()


def _by_kind(kind: str) -> dict[str, dict]:
    return {d["metadata"]["name"]: d for _, d in K8S if d["kind"] == kind}


@pytest.mark.parametrize("doc", [d for _, d in K8S], ids=[f"{f}:{d['kind']}/{d['metadata']['name']}" for f, d in K8S])
def test_k8s_objects_match_their_schema(doc):
    assert _errors(KUBERNETES, doc) == []


def test_kustomization_lists_every_manifest():
    kustomization = yaml.safe_load((DEPLOY / "k8s" / "kustomization.yaml").read_text())
    files = {p.name for p in (DEPLOY / "k8s").glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == files


def _workloads() -> dict[str, dict]:
    return {**_by_kind("Deployment"), **_by_kind("StatefulSet"), **_by_kind("Job")}


def test_selectors_match_pod_labels_and_services_find_their_ports():
    workloads = _workloads()
    for name, w in workloads.items():
        labels = w["spec"]["template"]["metadata"]["labels"]
        if "selector" in w["spec"]:
            assert w["spec"]["selector"]["matchLabels"].items() <= labels.items(), name
    for name, svc in _by_kind("Service").items():
        targets = [w for w in workloads.values()
                   if svc["spec"]["selector"].items() <= w["spec"]["template"]["metadata"]["labels"].items()]
        assert len(targets) == 1, f"Service {name} selects {len(targets)} workloads"
        ports = [p for c in targets[0]["spec"]["template"]["spec"]["containers"] for p in c.get("ports", [])]
        for port in svc["spec"]["ports"]:
            target = port.get("targetPort", port["port"])
            assert any(target in (p.get("name"), p["containerPort"]) for p in ports), f"{name}: {target}"
    for name, sts in _by_kind("StatefulSet").items():
        assert sts["spec"]["serviceName"] in _by_kind("Service"), name
        claims = {t["metadata"]["name"] for t in sts["spec"]["volumeClaimTemplates"]}
        mounts = {m["name"] for c in sts["spec"]["template"]["spec"]["containers"] for m in c.get("volumeMounts", [])}
        assert claims <= mounts, f"{name} never mounts {claims - mounts}"
    for name, pdb in _by_kind("PodDisruptionBudget").items():
        assert any(pdb["spec"]["selector"]["matchLabels"].items() <= w["spec"]["template"]["metadata"]["labels"].items()
                   for w in workloads.values()), name


def _containers(workload: dict) -> list[dict]:
    return workload["spec"]["template"]["spec"]["containers"]


def test_bots_probe_healthz_and_readyz_on_a_declared_port_and_run_as_non_root():
    config = _by_kind("ConfigMap")["coach-config"]["data"]
    for name in ("coach-slack", "coach-discord"):
        w = _by_kind("Deployment")[name]
        assert w["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
        [c] = _containers(w)
        ports = {p.get("name"): p["containerPort"] for p in c["ports"]}
        assert c["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert c["livenessProbe"]["httpGet"]["path"] == "/healthz"
        for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
            port = c[probe]["httpGet"]["port"]
            assert port in ports or port in ports.values(), f"{name} {probe} -> {port}"
            assert str(ports.get(port, port)) == config["OPS_PORT"]
        refs = {next(iter(e.values()))["name"] for e in c["envFrom"]}
        assert refs == {"coach-config", "coach-secrets"}
    slack = _by_kind("Deployment")["coach-slack"]
    assert slack["spec"]["replicas"] >= 2 and config["SLACK_MODE"] == "http"
    assert {p["containerPort"] for p in _containers(slack)[0]["ports"]} >= {int(config["SLACK_PORT"])}
    discord = _by_kind("Deployment")["coach-discord"]
    assert discord["spec"]["replicas"] == 1 and discord["spec"]["strategy"]["type"] == "Recreate"


def test_config_and_secret_keys_are_settings():
    config = _by_kind("ConfigMap")["coach-config"]["data"]
    secret = _by_kind("Secret")["coach-secrets"]["stringData"]
    assert set(config) <= SETTINGS_ENV, set(config) - SETTINGS_ENV
    assert set(secret) <= SETTINGS_ENV, set(secret) - SETTINGS_ENV
    assert not set(config) & set(secret)
    assert not any(re.search("TOKEN|SECRET|KEY", k) for k in config), "secrets belong in the Secret"
    # the values parse as settings: a typo in a Literal (SLACK_MODE=htp) fails here, not in the pod
    Settings(_env_file=None, **{k.lower(): v for k, v in {**config, **secret}.items() if v})
    redis = _by_kind("StatefulSet")["redis"]
    args = _containers(redis)[0]["args"]
    assert args[args.index("--appendonly") + 1] == "yes"
    host = re.match(r"redis://([^:/]+)", config["REDIS_URL"]).group(1)
    assert host.split(".")[-1] in _by_kind("Service") and config["CHROMA_HOST"] in _by_kind("Service")
    chroma_port = _by_kind("Service")["chroma"]["spec"]["ports"][0]["port"]
    assert str(chroma_port) == config["CHROMA_PORT"]
    assert _containers(_by_kind("StatefulSet")["chroma"])[0]["image"].split(":")[1] == version("chromadb")


def test_the_k8s_schema_rejects_a_probe_without_a_handler():
    slack = yaml.safe_load(yaml.safe_dump(_by_kind("Deployment")["coach-slack"]))
    _containers(slack)[0]["readinessProbe"] = {"periodSeconds": 10}
    del _containers(slack)[0]["resources"]["limits"]
    assert len(_errors(KUBERNETES, slack)) >= 2


def test_docs_say_docker_is_not_run_in_ci():
    text = (ROOT / "docs" / "operations.md").read_text()
    assert "not run in CI" in text


def test_the_operations_guide_documents_every_setting():
    text = (ROOT / "docs" / "operations.md").read_text()
    missing = [name for name in SETTINGS_ENV if f"| `{name}` |" not in text]
    assert missing == []
