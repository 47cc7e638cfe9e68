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
}

const toNode = (r: Region): Node => ({
  id: r.code,
  pId: r.parentCode,
  value: r.code,
  title: `${r.name}`,
  isLeaf: r.level === "grid",
});

interface Props {
  value?: string;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  id?: string;
  allowClear?: boolean;
}

/** Region picker over the user's subtree: children load on expand, typing searches by name. */
export function RegionSelect({ value, onChange, placeholder, id, allowClear = true }: Props) {
  const [nodes, setNodes] = useState<Map<string, Node>>(new Map());
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

  const treeData = useMemo(() => {
    // A node whose parent is outside the loaded set is shown at the top level.
    return [...nodes.values()].map((n) => ({ ...n, pId: n.pId && nodes.has(n.pId) ? n.pId : null }));
  }, [nodes]);

  const onSearch = (q: string) => {
    window.clearTimeout(timer.current);
    if (!q.trim()) return;
    timer.current = window.setTimeout(() => {
      void api<{ items: Region[] }>("/regions", { params: { q: q.trim() } }).then(
        (r) => merge(r.items),
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
      onChange={(v: string | undefined) => onChange?.(v)}
      loadData={async (n) => {
        const code = String(n.value);
        const r = await api<{ items: Region[] }>("/regions", { params: { parent: code } });
        merge(r.items);
      }}
      showSearch={{ filterTreeNode: (input, node) => String(node.title ?? "").includes(input), onSearch }}
      allowClear={allowClear}
      placeholder={placeholder}
      style={{ minWidth: 200, width: "100%" }}
      data-testid="region-select"
    />
  );
}
