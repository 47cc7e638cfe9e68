import { Card, Image, Space } from "antd";
import { useTranslation } from "react-i18next";
import { apiUrl } from "../../api/client";
import type { CaseDetail } from "../../api/types";

/** The attachment ids citizens sent with the case (码上反映 lists them on its "qr_received" event). */
export function photoIds(c: CaseDetail): string[] {
  return c.timeline.flatMap((e) => {
    const photos = e.data.photos;
    return Array.isArray(photos) ? photos.filter((p): p is string => typeof p === "string") : [];
  });
}

/** Thumbnails of the citizen's photos, each opening full size; served only to readers of the case. */
export function CasePhotos({ code, ids }: { code: string; ids: string[] }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t("detail.photos", { n: ids.length })} data-testid="case-photos">
      <Image.PreviewGroup>
        <Space wrap>
          {ids.map((id) => (
            <Image
              key={id}
              width={96}
              height={96}
              style={{ objectFit: "cover", borderRadius: 4 }}
              src={apiUrl(`/cases/${encodeURIComponent(code)}/attachments/${id}`)}
              alt={t("detail.photo")}
            />
          ))}
        </Space>
      </Image.PreviewGroup>
    </Card>
  );
}
