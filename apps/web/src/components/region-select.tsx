import { TreeSelect } from "antd";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api } from "../api/client";
import type { Region } from "../api/types";

interface Node {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
  level: string;
}

const toNode = (r: Region): Node => ({
  id: r.code,
  pId: r.parentCode,
  value: r.code,
  // A search hit says where it is: "党寨镇 › 梁家墩村 › 第一网格".
  title: r.pathNames?.length ? r.pathNames.join(" › ") : r.name,
  isLeaf: r.level === "grid",
  level: r.level,
});

interface Props {
  value?: string;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  id?: string;
  allowClear?: boolean;
  /** Only these levels can be chosen (登记: a grid or a village owns the case); others only open. */
  levels?: readonly string[];
}

/**
 * Region picker over the user's subtree: children load on expand; typing asks the server, which
 * matches names and pinyin initials (ljd → 梁家墩村), and the hits are listed flat with their path.
 */
export function RegionSelect({ value, onChange, placeholder, id, allowClear = true, levels }: Props) {
  const [nodes, setNodes] = useState<Map<string, Node>>(new Map());
  const [hits, setHits] = useState<Node[] | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const merge = useCallback(
    (rs: Region[]) =>
      setNodes((prev) => {
        const next = new Map(prev);
        for (const r of rs) if (!next.has(r.code)) next.set(r.code, toNode(r));
        return next;
      }),
    [],
  );

  useEffect(() => {
    void api<{ items: Region[] }>("/regions").then(
      (r) => merge(r.items),
      () => undefined,
    );
  }, [merge]);

  const selectable = useCallback((n: Node) => !levels || levels.includes(n.level), [levels]);
  const treeData = useMemo(() => {
    if (hits) return hits.map((n) => ({ ...n, pId: null, isLeaf: true, selectable: selectable(n) }));
    // A node whose parent is outside the loaded set is shown at the top level.
    return [...nodes.values()].map((n) => ({
      ...n,
      pId: n.pId && nodes.has(n.pId) ? n.pId : null,
      selectable: selectable(n),
    }));
  }, [nodes, hits, selectable]);

  const onSearch = (q: string) => {
    window.clearTimeout(timer.current);
    if (!q.trim()) {
      setHits(null);
      return;
    }
    timer.current = window.setTimeout(() => {
      void api<{ items: Region[] }>("/regions", { params: { q: q.trim() } }).then(
        (r) => setHits(r.items.map(toNode)),
        () => undefined,
      );
    }, 250);
  };

  return (
    <TreeSelect
      id={id}
      treeDataSimpleMode
      treeData={treeData}
      value={value}
      onChange={(v: string | undefined) => {
        // Keep the chosen hit (with its path) as the label once the search is cleared.
        const hit = hits?.find((h) => h.value === v);
        if (hit) setNodes((prev) => new Map(prev).set(hit.id, hit));
        setHits(null);
        onChange?.(v);
      }}
      loadData={async (n) => {
        const code = String(n.value);
        const r = await api<{ items: Region[] }>("/regions", { params: { parent: code } });
        merge(r.items);
      }}
      // The server has already matched (names and pinyin): every hit stays visible.
      showSearch={{ filterTreeNode: () => true, onSearch }}
      allowClear={allowClear}
      placeholder={placeholder}
      style={{ minWidth: 200, width: "100%" }}
      data-testid="region-select"
    />
  );
}
