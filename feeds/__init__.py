"""River gauges, water-level feeds and gauge status → 警戒レベル / 避難情報 (no Qt)."""
