"""Commands that work across the apps: `frontline content check|load|stats` and
`frontline demo_data`. It sits above every domain app in the import layers (see
docs/architecture.md, "Layers"), so the base apps (accounts, audit, lib, web) need import none."""
