"""The "who must move now" alert board and plan-driven virtual evacuation drills (no Qt)."""
