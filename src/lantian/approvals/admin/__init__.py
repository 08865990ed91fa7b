"""The approvals back office (item guides, materials, publication, completeness)."""
