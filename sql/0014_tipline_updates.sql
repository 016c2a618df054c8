-- 0014: the Telegram tipline's memory. One row per Bot API update the bot has handled, written after
-- the tip is stored and the sender answered: the next getUpdates offset is max(update_id) + 1, so a
-- restart neither re-files nor re-answers what was done. (A crash between answering and this row
-- answers once more; the tip itself is not filed twice, its item key being the chat and message id.)
-- `bot_id` is the public number before the colon of the token, never the token: two bots keep two
-- offsets. Rows also say who sent what and which receipt they got, for the desk and for audits.
create table tipline_updates (
  bot_id text not null,
  update_id bigint not null,
  chat_id bigint,
  message_id bigint,
  -- "Telegram @budi_s (Budi Santoso, id 123456)"; null for updates without a sender
  sender text,
  status text not null check (status in ('filed', 'ignored', 'refused')),
  -- why it was ignored or refused ("bukan obrolan pribadi", "stiker tidak diterima")
  reason text,
  item_id bigint references items (id) on delete set null,
  -- the published clarification sent back, when the tip matched one
  clarification_id bigint references clarifications (id) on delete set null,
  received_at timestamptz not null default now(),
  replied_at timestamptz,
  -- a reply Telegram refused for good (the sender blocked the bot): recorded, not retried
  reply_error text,
  primary key (bot_id, update_id)
);
create index tipline_updates_item on tipline_updates (item_id) where item_id is not null;
