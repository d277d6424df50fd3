"""The evacuation-plan editor (個別避難計画): person list, plan form, home/shelter/route editing on the map."""
