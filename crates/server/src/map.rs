//! The map drawn by the server: governorate boundaries from the bundled
//! GeoJSON projected to SVG paths (computed once), localities as dots
//! coloured by status. No tiles, no script: it works offline.

use std::fmt::Write;
use std::sync::OnceLock;

pub const WIDTH: f64 = 760.0;

/// The projection: equirectangular, x scaled by cos(mid latitude) so the
/// country keeps its shape at Syria's latitudes.
#[derive(Debug, Clone, Copy)]
pub struct Projection {
    min_lon: f64,
    max_lat: f64,
    kx: f64,
    ky: f64,
    pub height: f64,
}

impl Projection {
    pub fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        ((lon - self.min_lon) * self.kx + 10.0, (self.max_lat - lat) * self.ky + 10.0)
    }
}

/// A governorate outline ready to draw.
#[derive(Debug)]
pub struct Outline {
    pub pcode: String,
    pub name: String,
    pub path: String,
    pub label: (f64, f64),
}

#[derive(Debug)]
pub struct Basemap {
    pub projection: Projection,
    pub outlines: Vec<Outline>,
}

fn rings(geometry: &serde_json::Value) -> Vec<Vec<(f64, f64)>> {
    let coords = &geometry["coordinates"];
    let polygons: Vec<&serde_json::Value> = match geometry["type"].as_str() {
        Some("Polygon") => vec![coords],
        Some("MultiPolygon") => coords.as_array().map(|a| a.iter().collect()).unwrap_or_default(),
        _ => Vec::new(),
    };
    polygons
        .into_iter()
        .filter_map(|p| p.as_array())
        .flatten()
        .filter_map(|ring| ring.as_array())
        .map(|ring| ring.iter().filter_map(|pt| Some((pt.get(0)?.as_f64()?, pt.get(1)?.as_f64()?))).collect())
        .collect()
}

/// The bundled boundaries, projected once per process.
pub fn basemap() -> &'static Basemap {
    static MAP: OnceLock<Basemap> = OnceLock::new();
    MAP.get_or_init(|| {
        // The file is compiled in and checked by the places crate's tests;
        // should it ever not parse, the map is drawn without outlines.
        let geo: serde_json::Value = serde_json::from_str(truce_places::Gazetteer::boundaries_adm1()).unwrap_or_default();
        let features: Vec<&serde_json::Value> = geo["features"].as_array().map(|a| a.iter().collect()).unwrap_or_default();
        let all: Vec<(f64, f64)> = features.iter().flat_map(|f| rings(&f["geometry"])).flatten().collect();
        let (mut min_lon, mut max_lon, mut min_lat, mut max_lat) = (35.5, 42.5, 32.2, 37.4);
        if !all.is_empty() {
            min_lon = all.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
            max_lon = all.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
            min_lat = all.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
            max_lat = all.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
        }
        let coslat = ((min_lat + max_lat) / 2.0).to_radians().cos();
        let kx = (WIDTH - 20.0) / ((max_lon - min_lon) * coslat).max(1e-6) * coslat;
        let ky = kx / coslat;
        let projection = Projection { min_lon, max_lat, kx, ky, height: (max_lat - min_lat) * ky + 20.0 };
        let outlines = features
            .iter()
            .map(|f| {
                let mut path = String::new();
                for ring in rings(&f["geometry"]) {
                    for (i, (lon, lat)) in ring.iter().enumerate() {
                        let (x, y) = projection.xy(*lon, *lat);
                        let _ = write!(path, "{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" });
                    }
                    path.push('Z');
                }
                let props = &f["properties"];
                let label = match (props["center_lon"].as_f64(), props["center_lat"].as_f64()) {
                    (Some(lon), Some(lat)) => projection.xy(lon, lat),
                    _ => (-100.0, -100.0),
                };
                Outline {
                    pcode: props["ADM1_PCODE"].as_str().unwrap_or_default().to_owned(),
                    name: props["ADM1_EN"].as_str().unwrap_or_default().to_owned(),
                    path,
                    label,
                }
            })
            .collect();
        Basemap { projection, outlines }
    })
}

/// The colour a status is drawn in (also used by the legend).
pub fn status_colour(status: &str) -> &'static str {
    match status {
        "joined" => "#2e8b57",
        "liberated" => "#c0392b",
        _ => "#e0a526",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_bundled_boundaries_make_fourteen_outlines_inside_the_frame() {
        let m = super::basemap();
        assert_eq!(m.outlines.len(), 14);
        assert!(m.outlines.iter().all(|o| o.path.starts_with('M') && o.pcode.starts_with("SY")));
        let (x, y) = m.projection.xy(36.3, 33.5); // Damascus
        assert!(x > 0.0 && x < super::WIDTH && y > 0.0 && y < m.projection.height);
    }
}
