-- What an Open311 client sends beyond the case's own fields (GeoReport v2 POST requests), kept
-- rather than dropped: the client's address id, a photo link, the service attributes, and the
-- reporter's email, which is personal data and sealed like phones (AES-256-GCM, lib/personal-data).
CREATE TABLE open311_requests (
  case_id    uuid PRIMARY KEY REFERENCES cases(id),
  address_id text,
  media_url  text,
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  email_enc  text
);
