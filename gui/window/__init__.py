"""The window: composition root, transport, menus, dock layout and settings."""
