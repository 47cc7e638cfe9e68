import { MEDIATION_ORG_KIND_CODES, type TRoomView } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Button, Form, Input, Modal, Select, Switch } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { RegionSelect } from "../../components/region-select";
import { useApiAction } from "../../lib/use-api-action";

interface Values {
  kind: TRoomView["kind"];
  name: string;
  partners?: string;
  regionCode: string;
  address?: string;
  mediatorIds: string[];
  active: boolean;
}

/** A mediation organisation or named room (金融纠纷调解室, 热心大姐调解室, "妇联+综治") and its mediators. */
export function RoomForm({ room }: { room?: TRoomView }) {
  const { t } = useTranslation();
  const { run, busy } = useApiAction();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const people = useQuery({
    queryKey: ["med-mediators"],
    queryFn: () => api<{ id: string; name: string; roles: string[] }[]>("/mediation/mediators"),
    enabled: open,
  });
  const submit = async (v: Values) => {
    const body = { ...v, partners: v.partners || null, address: v.address || null };
    const ok = await run(
      () =>
        room
          ? api(`/mediation/rooms/${room.id}`, { method: "PUT", body })
          : api("/mediation/rooms", { method: "POST", body }),
      [["med-rooms"]],
    );
    if (ok) setOpen(false);
  };
  return (
    <>
      <Button
        size={room ? "small" : "middle"}
        type={room ? "default" : "primary"}
        onClick={() => setOpen(true)}
        data-testid={room ? "med-room-edit" : "med-room-new"}
      >
        {room ? t("med.editRoom") : t("med.newRoom")}
      </Button>
      <Modal
        open={open}
        title={room ? room.name : t("med.newRoom")}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={
            room
              ? {
                  ...room,
                  partners: room.partners ?? undefined,
                  address: room.address ?? undefined,
                  mediatorIds: room.mediators.map((m) => m.id),
                }
              : { kind: "room", mediatorIds: [], active: true }
          }
        >
          <Form.Item name="kind" label={t("med.kind.room")} rules={[{ required: true }]}>
            <Select
              options={MEDIATION_ORG_KIND_CODES.map((k) => ({ value: k, label: t(`med.kind.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="name" label={t("med.name")} rules={[{ required: true }]}>
            <Input data-testid="med-room-name-input" />
          </Form.Item>
          <Form.Item name="partners" label={t("med.partners")}>
            <Input />
          </Form.Item>
          <Form.Item name="regionCode" label={t("med.region")} rules={[{ required: true }]}>
            <RegionSelect />
          </Form.Item>
          <Form.Item name="address" label={t("med.address")}>
            <Input />
          </Form.Item>
          <Form.Item name="mediatorIds" label={t("med.mediators")}>
            <Select
              mode="multiple"
              optionFilterProp="label"
              options={(people.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            />
          </Form.Item>
          <Form.Item name="active" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
