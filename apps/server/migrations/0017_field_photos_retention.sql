-- A visit's photos move onto the case the visit became; when retention later deletes a closed case's
-- photos, their field_photos rows go with them (the reference blocked the delete and stalled retention).
ALTER TABLE field_photos DROP CONSTRAINT IF EXISTS field_photos_id_fkey;
ALTER TABLE field_photos ADD CONSTRAINT field_photos_id_fkey
  FOREIGN KEY (id) REFERENCES attachments(id) ON DELETE CASCADE;
