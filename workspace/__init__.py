"""Files → layers → project: the loaders behind 開く…, インポート… and the demo (no Qt)."""

from workspace.demo import default_demo_dir, demo_layers, open_demo
from workspace.prepare import prepared

__all__ = ["default_demo_dir", "demo_layers", "open_demo", "prepared"]
