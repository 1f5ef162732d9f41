"""Icons, translations and other files the console ships (installed as console.resources)."""
