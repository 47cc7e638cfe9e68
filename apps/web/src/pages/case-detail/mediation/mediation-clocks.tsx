import type { TClockBrief } from "@fengqiao/core";
import { Tag, Tooltip } from "antd";
import { useTranslation } from "react-i18next";
import { DueCountdown } from "../../../components/countdown";
import { fmtTime, useServerNow } from "../../../lib/time";

const clockKey = (kind: string) => `med.clock.${kind.replace(".", "_")}`;

/** Each deadline of the mediation, the agreement and 司法确认, with its legal basis in a tooltip. */
export function MediationClocks({
  clocks,
  only,
}: {
  clocks: TClockBrief[];
  only?: (k: TClockBrief) => boolean;
}) {
  const { t } = useTranslation();
  const now = useServerNow();
  const shown = clocks.filter((k) => (only ? only(k) : true));
  if (shown.length === 0) return null;
  return (
    <ul className="fq-med-clocks" style={{ listStyle: "none", padding: 0, margin: 0 }}>
      {shown.map((k) => (
        <li
          key={`${k.kind}-${k.subjectId}-${k.startedAt}`}
          data-testid={`med-clock-${k.kind}`}
          style={{ marginBottom: 4 }}
        >
          <Tooltip title={`${t("med.basis")}：${k.basis}`}>
            <span style={{ borderBottom: "1px dotted" }} data-testid="med-clock-basis" data-basis={k.basis}>
              {t(clockKey(k.kind))}
            </span>
          </Tooltip>{" "}
          <span className="fq-secondary">{fmtTime(k.dueAt)}</span>{" "}
          {k.stoppedAt ? (
            <Tag>{t("med.stopped")}</Tag>
          ) : k.firedAt ? (
            <Tag color="red">{t("med.fired")}</Tag>
          ) : (
            <DueCountdown dueAt={k.dueAt} now={now} />
          )}
        </li>
      ))}
    </ul>
  );
}
