"""The embedding model's transformer run by ONNX Runtime: the same vectors, about twice as fast.

On this 2-core CPU a 150-word answer (7 sentences) takes 70 ms in torch on one
thread and 34 ms in onnxruntime (47 and 20 ms on two), and encoding the
answer is nearly all of the grader's time. sentence-transformers has an ONNX
backend, but it needs `optimum`, whose releases pin transformers below the 5.x
that sentence-transformers 6 requires; so the model is exported here, in
memory, once per process (about 1.5 s) with torch's own exporter, and run by
onnxruntime, which chromadb already installs.

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


def _hidden_states_module(hf_model):
    """A plain module around the Hugging Face model, so the export sees tensors in and out."""
    import torch

    class HiddenStates(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = hf_model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    return HiddenStates()


class OnnxEncoder:
    """Encodes like `SentenceTransformer.encode(normalize_embeddings=True)` for a mean-pooled BERT."""

    INPUTS = ("input_ids", "attention_mask", "token_type_ids")

    def __init__(self, model_bytes: bytes, tokenizer, max_length: int, threads: tuple[int, ...] = (1, 2)):
        import onnxruntime as ort

        self.tokenizer = tokenizer
        self.max_length = max_length
        self.sessions = {}
        for n in threads:
            options = ort.SessionOptions()
            options.intra_op_num_threads = n
            options.inter_op_num_threads = 1
            # A spinning pool burns the other core while a busy machine needs it.
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
        sample = st_model.tokenizer(PROBES, padding=True, return_tensors="pt")
        if "token_type_ids" not in sample:
            raise ValueError("the tokenizer gives no token_type_ids")
        buffer = io.BytesIO()
        axes = {name: {0: "batch", 1: "tokens"} for name in (*cls.INPUTS, "hidden")}
        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")
            torch.onnx.export(_hidden_states_module(hf_model), tuple(sample[k] for k in cls.INPUTS), buffer,
                              input_names=list(cls.INPUTS), output_names=["hidden"], dynamic_axes=axes,
                              opset_version=17, dynamo=False)
        return cls(buffer.getvalue(), st_model.tokenizer, int(st_model.max_seq_length))

    def encode(self, texts: list[str], threads: int = 1, batch_size: int = 64,
               tokens: bool = False) -> np.ndarray | tuple[np.ndarray, list[TokenVectors]]:
        """Unit sentence vectors; with `tokens`, also each text's token vectors from the same pass."""
        session = self.sessions.get(threads) or self.sessions[max(self.sessions)]
        # Longest first, as sentence-transformers does, so each batch pads to similar lengths.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        parts, per_token = [], {}
        for start in range(0, len(order), batch_size):
            chunk = [texts[i] for i in order[start:start + batch_size]]
            encoding = self.tokenizer(chunk, padding=True, truncation=True, max_length=self.max_length,
                                      return_tensors="np", return_offsets_mapping=tokens)
            feed = {k: encoding[k].astype(np.int64) for k in self.INPUTS}
            hidden = session.run(None, feed)[0]
            mask = feed["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            parts.append(pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None))
            if tokens:
                for row, i in enumerate(order[start:start + batch_size]):
                    per_token[i] = token_vectors(hidden[row], encoding, row, texts[i])
        out = np.empty((len(texts), parts[0].shape[1] if parts else 0), dtype=np.float32)
        if parts:
            out[order] = np.concatenate(parts)
        return (out, [per_token[i] for i in range(len(texts))]) if tokens else out
