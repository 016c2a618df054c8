import { extractArticle, type ArticleSelectors } from './article-extract.ts';
import { checkedHtml } from './html-depth.ts';
import { parseFeed, type FeedOptions } from './rss.ts';

/**
 * The parsers that may run on the parse thread (parse-thread.ts): pure, their first argument the body
 * (its length decides where it runs), their arguments and results structured-cloneable.
 */
export const PARSE_TASKS = {
  feed: (body: string, opts: FeedOptions) => parseFeed(body, opts),
  /** A fetched article page, its nesting checked first (`ref` names it in the refusal). */
  article: (html: string, ref: string, maxHtmlDepth: number, selectors?: ArticleSelectors) => extractArticle(checkedHtml(html, ref, maxHtmlDepth), selectors),
};

export type ParseTasks = typeof PARSE_TASKS;
export type ParseTaskName = keyof ParseTasks;
