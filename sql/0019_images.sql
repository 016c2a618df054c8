-- 0019: images as first-class items (issue 18). Screenshots, posters and photos travel where texts do:
-- a tip's upload, a feed's enclosure, a Telegram post's photo. Each distinct image is stored once, on
-- disk under the data dir by its SHA-256 (`images/ab/abcdef….jpg`), with its metadata here; items
-- point at images through item_images, so the same picture forwarded by twenty people is one row
-- read once by OCR.
create table images (
  sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
  -- sniffed from the bytes, never taken from a name or a Content-Type; SVG is refused before this
  format text not null check (format in ('jpeg', 'png', 'webp', 'gif')),
  width integer not null check (width > 0),
  height integer not null check (height > 0),
  bytes integer not null check (bytes > 0),
  first_seen_at timestamptz not null default now(),
  -- set by the images stage (a worker job): pHash of the full image and of its windows (16 hex each)
  hashes text[],
  processed_at timestamptz,
  -- 'unavailable': Tesseract or its Indonesian data is not installed; the image is kept without text
  ocr_status text not null default 'pending' check (ocr_status in ('pending', 'success', 'failure', 'unavailable')),
  ocr_text text,
  ocr_error text,
  ocr_ms integer,
  -- an image that could not be decoded (corrupt, a decompression bomb) says why, in Indonesian
  error text,
  -- the first-seen image of its copies (a cropped, re-compressed or captioned version links here);
  -- an image that is nobody's copy is its own cluster
  cluster_id text references images (sha256)
);
create index images_cluster on images (cluster_id);
create index images_unprocessed on images (first_seen_at) where processed_at is null;

create table item_images (
  item_id bigint not null references items (id) on delete cascade,
  position smallint not null check (position >= 0),
  -- where it was fetched from; null for an upload
  url text,
  sha256 text references images (sha256),
  -- 'pending': the URL is not fetched yet; 'failed': fetching or checking refused it (error says why)
  status text not null default 'pending' check (status in ('pending', 'stored', 'failed')),
  error text,
  added_at timestamptz not null default now(),
  primary key (item_id, position),
  check (status <> 'stored' or sha256 is not null),
  check (url is not null or sha256 is not null)
);
create index item_images_sha on item_images (sha256);
create index item_images_pending on item_images (item_id) where status = 'pending';
