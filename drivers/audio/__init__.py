"""Audio: the only place that touches sounddevice (PortAudio) and audio sample buffers."""
