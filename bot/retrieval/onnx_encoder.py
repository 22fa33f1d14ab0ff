"""The embedding model's transformer run by ONNX Runtime: the same vectors, faster.

On this 2-core CPU a 150-word answer (7 sentences) takes 70 ms in torch on one
thread and 34 ms in onnxruntime (47 and 20 ms on two), and encoding the
answer is nearly all of the grader's time. sentence-transformers has an ONNX
backend, but it needs `optimum`, whose releases pin transformers below the 5.x
that sentence-transformers 6 requires; so the model is exported here, in
memory, once per process (about 1.5 s) with torch's own exporter, and run by
onnxruntime, which chromadb already installs.

Texts are packed, not padded: several texts share one row of the batch, each
with its own positions (0, 1, ...) and an attention mask that lets a token see
only the tokens of its own text. Each text's vectors are then exactly what it
would get alone (cosine 1.0 to torch's), but no work is spent on padding: a
150-word answer's 7 sentences are 190 tokens, 259 once padded to the longest,
and the model's cost is nearly all per token (bench/grader_latency.py).

Only the transformer moves: tokenising is the model's own tokenizer, and the
pooling and normalising copy its modules (Transformer -> mean Pooling ->
Normalize). `load` refuses any other module layout, and the caller compares
the two paths on probe sentences before trusting this one.
"""
from __future__ import annotations

import io
import warnings

import numpy as np

from bot.retrieval.tokens import TokenVectors, token_vectors

PROBES = ["Attention lets every token look at every other token.",
          "Retrieval-augmented generation grounds answers in documents; chunk size matters."]


def _packed_module(hf_model):
    """The Hugging Face model's embeddings and encoder, taking packed rows: `segment_ids` says which
    text each token belongs to (-1 for padding), and a token attends only within its own text."""
    import torch

    class PackedHiddenStates(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = hf_model

        def forward(self, input_ids, token_type_ids, position_ids, segment_ids):
            hidden = self.model.embeddings(input_ids=input_ids, token_type_ids=token_type_ids,
                                           position_ids=position_ids)
            same_text = segment_ids[:, :, None] == segment_ids[:, None, :]
            mask = torch.where(same_text, 0.0, torch.finfo(torch.float32).min)[:, None, :, :]
            return self.model.encoder(hidden, attention_mask=mask).last_hidden_state

    return PackedHiddenStates()


def pack(lengths: list[int], capacity: int) -> list[list[int]]:
    """Rows of text indices, each row's lengths summing to at most `capacity` (a longer text gets a
    row of its own): longest first, each into the open row it fills best, so rows come out nearly
    full. Open rows are kept by their free room, so a text finds its row in at most `capacity` steps
    (a linear pass, not one over every row: 100,000 sentences pack in well under a second)."""
    rows: list[list[int]] = []
    by_room: list[list[int]] = [[] for _ in range(capacity + 1)]  # open rows' indices, by free room
    for i in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        size = lengths[i]
        room = next((free for free in range(size, capacity + 1) if by_room[free]), None) if size <= capacity else None
        if room is None:
            rows.append([i])
            r, left = len(rows) - 1, capacity - size
        else:
            r, left = by_room[room].pop(), room - size
            rows[r].append(i)
        if left > 0:
            by_room[left].append(r)
    return rows


class OnnxEncoder:
    """Encodes like `SentenceTransformer.encode(normalize_embeddings=True)` for a mean-pooled BERT."""

    INPUTS = ("input_ids", "token_type_ids", "position_ids", "segment_ids")
    ROWS_PER_RUN = 8  # packed rows of up to `max_length` tokens per onnxruntime call

    def __init__(self, model_bytes: bytes, tokenizer, max_length: int, threads: tuple[int, ...] = (1, 2)):
        import onnxruntime as ort

        self.tokenizer = tokenizer
        self.max_length = max_length
        self.sessions = {}
        for n in threads:
            options = ort.SessionOptions()
            options.intra_op_num_threads = n
            options.inter_op_num_threads = 1
            # A spinning pool burns the other core while a busy machine needs it. Measured 2026-12-01
            # (bench/grader_latency.py, alternating runs): spinning took ~5 ms off a 150-word answer on
            # a quiet machine, but with other processes busy its p50 was 151-164 ms against 54-81 ms.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            self.sessions[n] = ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])

    @classmethod
    def load(cls, st_model) -> "OnnxEncoder":
        """Export a sentence-transformers model; raises ValueError for a layout this does not copy."""
        import torch

        names = [type(m).__name__ for m in st_model]
        if names not in (["Transformer", "Pooling", "Normalize"], ["Transformer", "Pooling"]):
            raise ValueError(f"not a plain mean-pooled model: {names}")
        pooling = st_model[1].get_config_dict()
        if pooling.get("pooling_mode", "mean") != "mean" and not pooling.get("pooling_mode_mean_tokens"):
            raise ValueError(f"pooling is not mean: {pooling}")
        hf_model = st_model[0].auto_model.eval()
        if "token_type_ids" not in st_model.tokenizer(PROBES[0]):
            raise ValueError("the tokenizer gives no token_type_ids")
        sample = cls._feed([st_model.tokenizer(PROBES)["input_ids"]])  # two texts in one row
        buffer = io.BytesIO()
        axes = {name: {0: "batch", 1: "tokens"} for name in (*cls.INPUTS, "hidden")}
        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")
            torch.onnx.export(_packed_module(hf_model), tuple(torch.from_numpy(sample[k]) for k in cls.INPUTS),
                              buffer, input_names=list(cls.INPUTS), output_names=["hidden"], dynamic_axes=axes,
                              opset_version=17, dynamo=False)
        return cls(buffer.getvalue(), st_model.tokenizer, int(st_model.max_seq_length))

    @staticmethod
    def _feed(rows: list[list[list[int]]]) -> dict[str, np.ndarray]:
        """Model inputs for rows of token-id lists, each row padded (segment -1) to the longest row."""
        width = max(sum(len(ids) for ids in row) for row in rows)
        feed = {"input_ids": np.zeros((len(rows), width), np.int64),
                "position_ids": np.zeros((len(rows), width), np.int64),
                "segment_ids": np.full((len(rows), width), -1, np.int64)}
        for r, row in enumerate(rows):
            at = 0
            for k, ids in enumerate(row):
                feed["input_ids"][r, at:at + len(ids)] = ids
                feed["position_ids"][r, at:at + len(ids)] = np.arange(len(ids))
                feed["segment_ids"][r, at:at + len(ids)] = k
                at += len(ids)
        feed["token_type_ids"] = np.zeros_like(feed["input_ids"])
        return feed

    def encode(self, texts: list[str], threads: int = 1,
               tokens: bool = False) -> np.ndarray | tuple[np.ndarray, list[TokenVectors]]:
        """Unit sentence vectors; with `tokens`, also each text's token vectors from the same pass."""
        session = self.sessions.get(threads) or self.sessions[max(self.sessions)]
        encoding = self.tokenizer(texts, truncation=True, max_length=self.max_length,
                                  return_offsets_mapping=tokens)
        ids = encoding["input_ids"]
        rows = pack([len(i) for i in ids], self.max_length)
        out = np.zeros((len(texts), 0), dtype=np.float32)
        per_token: dict[int, TokenVectors] = {}
        for start in range(0, len(rows), self.ROWS_PER_RUN):
            batch = rows[start:start + self.ROWS_PER_RUN]
            hidden = session.run(None, self._feed([[ids[i] for i in row] for row in batch]))[0]
            if not out.shape[1]:
                out = np.zeros((len(texts), hidden.shape[2]), dtype=np.float32)
            for r, row in enumerate(batch):
                at = 0
                for i in row:
                    states = hidden[r, at:at + len(ids[i])]
                    at += len(ids[i])
                    pooled = states.mean(axis=0)
                    out[i] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
                    if tokens:
                        per_token[i] = token_vectors(states, encoding, i, texts[i])
        return (out, [per_token[i] for i in range(len(texts))]) if tokens else out
