"""The ways in for an association that does not use git: GitHub issue forms made from the schema."""
