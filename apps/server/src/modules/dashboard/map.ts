// The dashboard's map: the children of a region as a GeoJSON FeatureCollection, from the boundaries
// imported into `regions.geojson` (管理 › 区划 › 导入边界). Where any child has none (the demo, a
// fresh install), every child is drawn as a schematic tile instead — same colours and clicks, no
// pretence of geography — and the answer says `schematic: true`.

interface Child {
  code: string;
  name: string;
  geojson: unknown;
}

const feature = (c: Child, geometry: unknown) => ({
  type: "Feature",
  properties: { code: c.code, name: c.name },
  geometry,
});

/** Tiles in a near-square grid, 0.1° apart, around an arbitrary point (ECharts projects lon/lat). */
function tile(i: number, columns: number) {
  const x = 100 + (i % columns) * 0.1;
  const y = 35 - Math.floor(i / columns) * 0.1;
  const s = 0.09;
  return {
    type: "Polygon",
    coordinates: [
      [
        [x, y],
        [x + s, y],
        [x + s, y - s],
        [x, y - s],
        [x, y],
      ],
    ],
  };
}

export function childrenMap(children: Child[]) {
  const real = children.length > 0 && children.every((c) => c.geojson !== null);
  const columns = Math.max(1, Math.ceil(Math.sqrt(children.length)));
  return {
    schematic: !real,
    geojson: {
      type: "FeatureCollection",
      features: children.map((c, i) => feature(c, real ? c.geojson : tile(i, columns))),
    },
  };
}
