"""Where demo units drive: random waypoints inside a box around Rotterdam (fictitious)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

# Rotterdam area, roughly Schiedam to Capelle and Overschie to IJsselmonde.
LAT_RANGE = (51.86, 51.98)
LON_RANGE = (4.35, 4.60)
KM_PER_DEG_LAT = 111.2
STEP_S = 30.0  # travel time simulated between two position reports of one unit
SPEED_KMH = {"brandweer": 50.0, "ambulance": 70.0, "politie": 60.0, "kmar": 50.0}


@dataclass
class Mover:
    lat: float
    lon: float
    to_lat: float
    to_lon: float
    speed_kmh: float
    direction_deg: float = 0.0

    @classmethod
    def random(cls, rng: random.Random, discipline: str) -> Mover:
        lat, lon, to_lat, to_lon = (rng.uniform(*r) for r in (LAT_RANGE, LON_RANGE) * 2)
        speed = SPEED_KMH.get(discipline, 50.0) * rng.uniform(0.6, 1.2)
        return cls(lat, lon, to_lat, to_lon, round(speed, 1))

    def advance(self, rng: random.Random) -> None:
        """Drive STEP_S seconds towards the waypoint; pick a new one on arrival."""
        dist_km = self.speed_kmh * STEP_S / 3600
        dy = (self.to_lat - self.lat) * KM_PER_DEG_LAT
        dx = (self.to_lon - self.lon) * KM_PER_DEG_LAT * math.cos(math.radians(self.lat))
        remaining = math.hypot(dx, dy)
        if remaining > 1e-9:
            self.direction_deg = math.degrees(math.atan2(dx, dy)) % 360  # 0 = north
        if remaining <= dist_km:
            self.lat, self.lon = self.to_lat, self.to_lon
            self.to_lat, self.to_lon = rng.uniform(*LAT_RANGE), rng.uniform(*LON_RANGE)
            return
        frac = dist_km / remaining
        self.lat += (self.to_lat - self.lat) * frac
        self.lon += (self.to_lon - self.lon) * frac
