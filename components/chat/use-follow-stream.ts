'use client';

import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

// Within this many pixels of the bottom counts as "at the bottom".
const BOTTOM_SLACK_PX = 48;

/**
 * Keeps a scroll container pinned to its newest content while it grows, until the reader
 * scrolls up; scrolling back to the bottom (or `jumpToLatest`) resumes following.
 */
export function useFollowStream(containerRef: RefObject<HTMLElement | null>, contentRef: RefObject<HTMLElement | null>) {
  const [following, setFollowing] = useState(true);
  const followingRef = useRef(true);
  const lastScrollTop = useRef(0);

  const setFollow = useCallback((value: boolean) => {
    followingRef.current = value;
    setFollowing(value);
  }, []);

  useEffect(() => {
    const container = containerRef.current;
    const content = contentRef.current;
    if (!container || !content) return;

    const onScroll = () => {
      const distance = container.scrollHeight - container.scrollTop - container.clientHeight;
      if (distance <= BOTTOM_SLACK_PX) {
        if (!followingRef.current) setFollow(true);
      } else if (container.scrollTop < lastScrollTop.current && followingRef.current) {
        setFollow(false);
      }
      lastScrollTop.current = container.scrollTop;
    };
    const observer = new ResizeObserver(() => {
      if (followingRef.current) container.scrollTop = container.scrollHeight;
    });
    container.addEventListener('scroll', onScroll, { passive: true });
    observer.observe(content);
    return () => {
      container.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, [containerRef, contentRef, setFollow]);

  const jumpToLatest = useCallback(() => {
    const container = containerRef.current;
    if (container) container.scrollTop = container.scrollHeight;
    setFollow(true);
  }, [containerRef, setFollow]);

  return { following, jumpToLatest };
}
