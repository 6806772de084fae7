"""`make bench`: build cost, scale, rebuild time and page weight against their targets."""
