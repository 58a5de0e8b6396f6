"""ETRS-TM35FIN (EPSG:3067) plane coordinates to latitude and longitude.

PTV gives addresses in the Finnish national grid (northing ~6 600 000 to 7 800 000,
easting ~50 000 to 750 000); our places store WGS84 degrees. The inverse transverse
Mercator projection on GRS80 (the series of the public-sector recommendation JHS 154)
is accurate to well under a metre, so no projection library is needed.
"""

import math

_A = 6378137.0
_F = 1 / 298.257222101
_K0 = 0.9996
_LON0 = math.radians(27.0)
_E0 = 500000.0


def tm35fin_to_wgs84(northing, easting):
    """(latitude, longitude) in degrees for a TM35FIN point."""
    n = _F / (2 - _F)
    a1 = _A / (1 + n) * (1 + n**2 / 4 + n**4 / 64)
    e2 = _F * (2 - _F)
    e = math.sqrt(e2)
    h1 = n / 2 - 2 / 3 * n**2 + 37 / 96 * n**3 - n**4 / 360
    h2 = n**2 / 48 + n**3 / 15 - 437 / 1440 * n**4
    h3 = 17 / 480 * n**3 - 37 / 840 * n**4
    h4 = 4397 / 161280 * n**4
    xi = northing / (a1 * _K0)
    eta = (easting - _E0) / (a1 * _K0)
    xi1 = h1 * math.sin(2 * xi) * math.cosh(2 * eta)
    xi2 = h2 * math.sin(4 * xi) * math.cosh(4 * eta)
    xi3 = h3 * math.sin(6 * xi) * math.cosh(6 * eta)
    xi4 = h4 * math.sin(8 * xi) * math.cosh(8 * eta)
    eta1 = h1 * math.cos(2 * xi) * math.sinh(2 * eta)
    eta2 = h2 * math.cos(4 * xi) * math.sinh(4 * eta)
    eta3 = h3 * math.cos(6 * xi) * math.sinh(6 * eta)
    eta4 = h4 * math.cos(8 * xi) * math.sinh(8 * eta)
    xi0 = xi - (xi1 + xi2 + xi3 + xi4)
    eta0 = eta - (eta1 + eta2 + eta3 + eta4)
    beta = math.asin(math.sin(xi0) / math.cosh(eta0))
    lon = _LON0 + math.asin(math.tanh(eta0) / math.cos(beta))
    q = math.asinh(math.tan(beta))
    q1 = q + e * math.atanh(e * math.tanh(q))
    for _ in range(5):
        q1 = q + e * math.atanh(e * math.tanh(q1))
    lat = math.atan(math.sinh(q1))
    return math.degrees(lat), math.degrees(lon)


def looks_like_tm35fin(northing, easting):
    return 6_500_000 <= northing <= 7_900_000 and 0 <= easting <= 800_000
