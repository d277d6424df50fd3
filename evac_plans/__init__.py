"""People needing evacuation support, shelters and individual evacuation plans (no Qt)."""
