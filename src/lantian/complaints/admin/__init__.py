"""The complaints back office (Wagtail): each module registers its own screens and is
imported by ``lantian.complaints.wagtail_hooks``."""
