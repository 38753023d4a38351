"""Where things are: the depth grid, column meshes (unit cells of rings, periodic x-y
patches), the skin area each channel owns, overlapping channel mouths and neighbour
searches."""
