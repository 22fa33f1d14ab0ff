"""JSON Schemas for the parts of compose and Kubernetes files we rely on.

Docker and a cluster cannot run here, so the deploy files are checked against
these: a subset of the compose specification and of the Kubernetes API objects,
strict where a typo would silently change behaviour (unknown keys in a service,
a probe without a handler).
"""
from __future__ import annotations

_STR_LIST = {"type": "array", "items": {"type": "string"}}
_STR_OR_LIST = {"oneOf": [{"type": "string"}, _STR_LIST]}
_ENV = {"oneOf": [
    {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean", "null"]}},
    _STR_LIST,
]}

COMPOSE = {
    "type": "object",
    "required": ["services"],
    "additionalProperties": False,
    "patternProperties": {"^x-": {}},
    "properties": {
        "name": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"},
        "services": {"type": "object", "minProperties": 1, "additionalProperties": {"$ref": "#/$defs/service"}},
        "volumes": {"type": "object", "additionalProperties": {"type": ["object", "null"]}},
        "networks": {"type": "object"},
        "secrets": {"type": "object"},
    },
    "$defs": {
        "service": {
            "type": "object",
            "additionalProperties": False,
            "anyOf": [{"required": ["image"]}, {"required": ["build"]}],
            "properties": {
                "image": {"type": "string", "pattern": "^[a-z0-9./_-]+(:[A-Za-z0-9._-]+)?$"},
                "build": {"oneOf": [{"type": "string"}, {
                    "type": "object", "required": ["context"], "additionalProperties": False,
                    "properties": {"context": {"type": "string"}, "dockerfile": {"type": "string"},
                                   "args": _ENV, "target": {"type": "string"}}}]},
                "command": _STR_OR_LIST,
                "entrypoint": _STR_OR_LIST,
                "environment": _ENV,
                "env_file": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"oneOf": [
                    {"type": "string"},
                    {"type": "object", "required": ["path"], "additionalProperties": False,
                     "properties": {"path": {"type": "string"}, "required": {"type": "boolean"}}}]}}]},
                "restart": {"enum": ["no", "always", "on-failure", "unless-stopped"]},
                "ports": {"type": "array", "items": {"type": "string",
                                                     "pattern": r"^((\d{1,3}\.){3}\d{1,3}:)?(\d+:)?\d+(/(tcp|udp))?$"}},
                "volumes": {"type": "array", "items": {"type": "string", "pattern": "^[^:]+:/[^:]*(:(ro|rw))?$"}},
                "depends_on": {"oneOf": [_STR_LIST, {"type": "object", "additionalProperties": {
                    "type": "object", "required": ["condition"],
                    "properties": {"condition": {"enum": ["service_started", "service_healthy",
                                                          "service_completed_successfully"]},
                                   "restart": {"type": "boolean"}, "required": {"type": "boolean"}}}}]},
                "healthcheck": {"type": "object", "additionalProperties": False, "properties": {
                    "test": {"oneOf": [{"type": "string"}, {"type": "array", "minItems": 1, "items": {"type": "string"},
                                                             "prefixItems": [{"enum": ["CMD", "CMD-SHELL", "NONE"]}]}]},
                    "interval": {"type": "string", "pattern": r"^\d+(ms|s|m|h)$"},
                    "timeout": {"type": "string", "pattern": r"^\d+(ms|s|m|h)$"},
                    "start_period": {"type": "string", "pattern": r"^\d+(ms|s|m|h)$"},
                    "retries": {"type": "integer", "minimum": 1},
                    "disable": {"type": "boolean"}}},
                "user": {"type": "string"},
                "deploy": {"type": "object"},
            },
        },
    },
}

_META = {"type": "object", "required": ["name"], "properties": {
    "name": {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "maxLength": 63},
    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
    "annotations": {"type": "object", "additionalProperties": {"type": "string"}},
}}
_PORT_REF = {"type": ["integer", "string"]}
_PROBE = {"type": "object", "additionalProperties": False,
          "oneOf": [{"required": ["httpGet"]}, {"required": ["tcpSocket"]}, {"required": ["exec"]}],
          "properties": {
              "httpGet": {"type": "object", "required": ["path", "port"],
                          "properties": {"path": {"type": "string", "pattern": "^/"}, "port": _PORT_REF}},
              "tcpSocket": {"type": "object", "required": ["port"], "properties": {"port": _PORT_REF}},
              "exec": {"type": "object", "required": ["command"], "properties": {"command": _STR_LIST}},
              **{k: {"type": "integer", "minimum": 0} for k in (
                  "initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold", "successThreshold")},
          }}
_QUANTITIES = {"type": "object", "required": ["cpu", "memory"], "additionalProperties": False, "properties": {
    "cpu": {"type": "string", "pattern": r"^\d+(\.\d+)?m?$"},
    "memory": {"type": "string", "pattern": r"^\d+(Ki|Mi|Gi)$"}}}
_CONTAINER = {"type": "object", "required": ["name", "image", "resources"], "properties": {
    "name": {"type": "string"}, "image": {"type": "string"}, "args": _STR_LIST, "command": _STR_LIST,
    "ports": {"type": "array", "items": {"type": "object", "required": ["containerPort"], "properties": {
        "name": {"type": "string", "maxLength": 15}, "containerPort": {"type": "integer", "minimum": 1,
                                                                         "maximum": 65535}}}},
    "env": {"type": "array", "items": {"type": "object", "required": ["name"]}},
    "envFrom": {"type": "array", "items": {"type": "object", "minProperties": 1, "properties": {
        "configMapRef": {"type": "object", "required": ["name"]},
        "secretRef": {"type": "object", "required": ["name"]}}}},
    "readinessProbe": _PROBE, "livenessProbe": _PROBE, "startupProbe": _PROBE,
    "resources": {"type": "object", "required": ["requests", "limits"], "properties": {
        "requests": _QUANTITIES, "limits": _QUANTITIES}},
    "volumeMounts": {"type": "array", "items": {"type": "object", "required": ["name", "mountPath"]}},
}}
_POD_TEMPLATE = {"type": "object", "required": ["metadata", "spec"], "properties": {
    "metadata": {"type": "object", "properties": {"labels": {"type": "object"}}},
    "spec": {"type": "object", "required": ["containers"], "properties": {
        "containers": {"type": "array", "minItems": 1, "items": _CONTAINER},
        "restartPolicy": {"enum": ["Always", "OnFailure", "Never"]}}}}}
_SELECTOR = {"type": "object", "required": ["matchLabels"],
             "properties": {"matchLabels": {"type": "object", "minProperties": 1}}}

KUBERNETES = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata"],
    "properties": {"metadata": _META},
    "allOf": [
        {"if": {"properties": {"kind": {"const": "Deployment"}}},
         "then": {"properties": {"apiVersion": {"const": "apps/v1"}, "spec": {
             "type": "object", "required": ["replicas", "selector", "template"],
             "properties": {"replicas": {"type": "integer", "minimum": 1}, "selector": _SELECTOR,
                            "template": _POD_TEMPLATE,
                            "strategy": {"properties": {"type": {"enum": ["RollingUpdate", "Recreate"]}}}}}}}},
        {"if": {"properties": {"kind": {"const": "StatefulSet"}}},
         "then": {"properties": {"apiVersion": {"const": "apps/v1"}, "spec": {
             "type": "object", "required": ["serviceName", "selector", "template", "volumeClaimTemplates"],
             "properties": {"selector": _SELECTOR, "template": _POD_TEMPLATE, "volumeClaimTemplates": {
                 "type": "array", "minItems": 1, "items": {"type": "object", "required": ["metadata", "spec"],
                                                           "properties": {"spec": {"required": ["accessModes",
                                                                                                "resources"]}}}}}}}}},
        {"if": {"properties": {"kind": {"const": "Job"}}},
         "then": {"properties": {"apiVersion": {"const": "batch/v1"}, "spec": {
             "type": "object", "required": ["template"], "properties": {"template": _POD_TEMPLATE}}}}},
        {"if": {"properties": {"kind": {"const": "Service"}}},
         "then": {"properties": {"apiVersion": {"const": "v1"}, "spec": {
             "type": "object", "required": ["selector", "ports"], "properties": {
                 "ports": {"type": "array", "minItems": 1, "items": {
                     "type": "object", "required": ["port"], "properties": {"port": {"type": "integer"},
                                                                            "targetPort": _PORT_REF}}}}}}}},
        {"if": {"properties": {"kind": {"enum": ["ConfigMap"]}}},
         "then": {"required": ["data"], "properties": {"apiVersion": {"const": "v1"}, "data": {
             "type": "object", "additionalProperties": {"type": "string"}}}}},
        {"if": {"properties": {"kind": {"const": "Secret"}}},
         "then": {"properties": {"apiVersion": {"const": "v1"}, "stringData": {
             "type": "object", "additionalProperties": {"type": "string"}}}}},
        {"if": {"properties": {"kind": {"const": "PodDisruptionBudget"}}},
         "then": {"properties": {"apiVersion": {"const": "policy/v1"},
                                 "spec": {"required": ["selector"]}}}},
        {"if": {"properties": {"kind": {"const": "Namespace"}}}, "then": {"properties": {"apiVersion": {"const": "v1"}}}},
    ],
}
