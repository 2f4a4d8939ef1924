/** Shared pages and their files stay out of search engines (the page's metadata says so too). */
export const SHARE_ROBOTS_HEADER = 'noindex, nofollow';
