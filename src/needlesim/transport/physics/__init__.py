"""What the active and the skin do: molecular size and free diffusivity, hindered
diffusion, layer properties and clearance, the formulation on the skin, and how fast the
channels close."""
