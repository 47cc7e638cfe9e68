import { UploadOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Card, Col, Form, Input, Row, Space, Tree, Typography } from "antd";
import type { DataNode } from "antd/es/tree";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { Region } from "../../api/types";
import { QueryState } from "../../components/query-state";
import { RegionSelect } from "../../components/region-select";
import { readJsonFile, useApiAction } from "../../lib/use-api-action";

type Loaded = Map<string, Region[]>;

function buildTree(roots: Region[], children: Loaded): DataNode[] {
  return roots.map((r) => ({
    key: r.code,
    title: `${r.name} · ${r.code}`,
    isLeaf: r.level === "grid",
    children: children.has(r.code) ? buildTree(children.get(r.code) ?? [], children) : undefined,
  }));
}

/** A file input styled as a button; the file is read in the browser and sent as JSON. */
function JsonFileButton({ label, onFile }: { label: string; onFile: (json: unknown) => void }) {
  return (
    <label className="ant-btn ant-btn-default" style={{ cursor: "pointer" }}>
      <UploadOutlined /> {label}
      <input
        type="file"
        accept=".json,.geojson,application/geo+json,application/json"
        style={{ position: "absolute", opacity: 0, width: 1, height: 1 }}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void readJsonFile(f).then(onFile);
          e.target.value = "";
        }}
      />
    </label>
  );
}

function RegionPanel({ region, onChanged }: { region: Region; onChanged: () => void }) {
  const { t } = useTranslation();
  const { run, busy } = useApiAction();
  const [moveTo, setMoveTo] = useState<string>();
  const enc = encodeURIComponent(region.code);
  return (
    <Card size="small" title={`${region.name} · ${region.code}`}>
      <Form
        layout="vertical"
        key={region.code}
        initialValues={{ name: region.name }}
        onFinish={(v: { name: string }) =>
          void run(() => api(`/regions/${enc}`, { method: "PATCH", body: v })).then(onChanged)
        }
      >
        <Form.Item name="name" label={t("admin.rename")} rules={[{ required: true, whitespace: true }]}>
          <Input />
        </Form.Item>
        <Button htmlType="submit" loading={busy}>
          {t("common.save")}
        </Button>
      </Form>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t("admin.move")}
      </Typography.Title>
      <Space.Compact style={{ width: "100%" }}>
        <RegionSelect value={moveTo} onChange={setMoveTo} />
        <Button
          disabled={!moveTo}
          loading={busy}
          onClick={() =>
            void run(() =>
              api(`/regions/${enc}/move`, { method: "POST", body: { parentCode: moveTo } }),
            ).then(onChanged)
          }
        >
          {t("common.confirm")}
        </Button>
      </Space.Compact>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t("admin.addChild")}
      </Typography.Title>
      <Form
        layout="inline"
        key={`add-${region.code}`}
        onFinish={(v: { code: string; name: string }) =>
          void run(() => api("/regions", { method: "POST", body: { parentCode: region.code, ...v } })).then(
            onChanged,
          )
        }
      >
        <Form.Item name="code" rules={[{ required: true, pattern: /^\d{6,15}$/ }]}>
          <Input placeholder={t("admin.code")} aria-label={t("admin.code")} />
        </Form.Item>
        <Form.Item name="name" rules={[{ required: true, whitespace: true }]}>
          <Input placeholder={t("admin.name")} aria-label={t("admin.name")} />
        </Form.Item>
        <Button htmlType="submit" loading={busy}>
          {t("common.create")}
        </Button>
      </Form>
      <div style={{ marginTop: 16 }}>
        <JsonFileButton
          label={t("admin.geojsonOne")}
          onFile={(json) => void run(() => api(`/regions/${enc}/geojson`, { method: "PUT", body: json }))}
        />
      </div>
    </Card>
  );
}

export function RegionsTab() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { run } = useApiAction();
  const roots = useQuery({ queryKey: ["regions-root"], queryFn: () => api<{ items: Region[] }>("/regions") });
  const [children, setChildren] = useState<Loaded>(new Map());
  const [selected, setSelected] = useState<Region | null>(null);
  const all = [...(roots.data?.items ?? []), ...[...children.values()].flat()];
  // /regions returns the user's region and its children; the top is the one whose parent is absent.
  const top = (roots.data?.items ?? []).filter(
    (r) => !roots.data?.items.some((p) => p.code === r.parentCode),
  );
  const load = async (code: string) => {
    const r = await api<{ items: Region[] }>("/regions", { params: { parent: code } });
    setChildren((prev) => new Map(prev).set(code, r.items));
  };
  const refresh = () => {
    setChildren(new Map());
    void qc.invalidateQueries({ queryKey: ["regions-root"] });
  };
  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Space style={{ marginBottom: 12 }} wrap>
          <JsonFileButton
            label={t("admin.geojson")}
            onFile={(json) => void run(() => api("/regions/import-geojson", { method: "POST", body: json }))}
          />
          <Typography.Text type="secondary">{t("admin.geojsonHint")}</Typography.Text>
        </Space>
        <QueryState
          isLoading={roots.isLoading}
          error={roots.error}
          isEmpty={!top.length}
          onRetry={() => void roots.refetch()}
        >
          <Tree
            treeData={buildTree(top, children)}
            loadData={(n) => load(String(n.key))}
            onSelect={(keys) => setSelected(all.find((r) => r.code === keys[0]) ?? null)}
            data-testid="region-tree"
          />
        </QueryState>
      </Col>
      <Col xs={24} lg={12}>
        {selected && <RegionPanel region={selected} onChanged={refresh} />}
      </Col>
    </Row>
  );
}
