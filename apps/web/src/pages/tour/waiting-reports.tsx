import { useQuery } from "@tanstack/react-query";
import { Button, Input, List, Modal, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/client";
import { DueCountdown } from "../../components/countdown";
import { useServerNow } from "../../lib/time";
import { useApiAction } from "../../lib/use-api-action";

interface Waiting {
  code: string;
  title: string;
  dueAt: string;
  overdue: boolean;
}

/** Tourists waiting on the post: the minutes left, and 答复 (stops the answer clock). */
export function WaitingReports({ placeId }: { placeId: string }) {
  const { t } = useTranslation();
  const now = useServerNow();
  const { run, busy } = useApiAction();
  const [code, setCode] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const q = useQuery({
    queryKey: ["tour", "waiting", placeId],
    queryFn: () => api<{ items: Waiting[] }>(`/tourism/posts/${placeId}/waiting`),
    refetchInterval: 30_000,
  });
  const items = q.data?.items ?? [];
  if (!items.length) return null;
  const answer = () =>
    run(
      () => api(`/cases/${code}/tour-answer`, { method: "POST", body: { note } }),
      [["tour"], ["workbench"]],
    ).then((r) => {
      if (r === undefined) return;
      setCode(null);
      setNote("");
    });
  return (
    <>
      <List
        size="small"
        header={<Typography.Text strong>{t("tour.waitingTitle")}</Typography.Text>}
        dataSource={items}
        renderItem={(w) => (
          <List.Item data-testid="tour-waiting">
            <Space wrap>
              <Link to={`/cases/${w.code}`}>{w.code}</Link>
              <Typography.Text>{w.title}</Typography.Text>
              {w.overdue ? (
                <Tag color="red">{t("tour.overdue")}</Tag>
              ) : (
                <DueCountdown dueAt={w.dueAt} now={now} />
              )}
              <Button size="small" type="primary" onClick={() => setCode(w.code)}>
                {t("tour.answer")}
              </Button>
            </Space>
          </List.Item>
        )}
      />
      <Modal
        open={code !== null}
        title={`${t("tour.answer")} · ${code ?? ""}`}
        onCancel={() => setCode(null)}
        onOk={() => void answer()}
        okButtonProps={{ disabled: !note.trim(), loading: busy }}
      >
        <Input.TextArea
          aria-label={t("tour.answerNote")}
          placeholder={t("tour.answerNote")}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          rows={3}
          maxLength={2000}
        />
      </Modal>
    </>
  );
}
