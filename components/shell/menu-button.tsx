'use client';

import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export type MenuItem = {
  label: string;
  icon: ReactNode;
  /** A download link (export), or else an action. */
  href?: string;
  onSelect?: () => void;
};

/**
 * A button that opens a small menu, as the WAI-ARIA menu button pattern describes: Enter, Space
 * or ↓ opens it on the first item (↑ on the last), arrows, Home and End move, Esc closes it and
 * hands the focus back to the button, Tab or a click elsewhere closes it.
 */
export function MenuButton({
  label,
  children,
  items,
  className,
  align = 'end',
}: {
  /** The button's accessible name, when its content is only an icon. */
  label?: string;
  children: ReactNode;
  items: MenuItem[];
  className?: string;
  align?: 'start' | 'end';
}) {
  const [open, setOpen] = useState(false);
  const [above, setAbove] = useState(false);
  const [firstFocus, setFirstFocus] = useState<'first' | 'last'>('first');
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const buttonId = useId();

  const itemElements = () => [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };
  const openAt = (which: 'first' | 'last') => {
    setFirstFocus(which);
    setOpen(true);
  };

  // Near the bottom of the list (or of the screen) the menu opens upwards rather than being cut off.
  useLayoutEffect(() => {
    if (!open) return setAbove(false);
    const menu = menuRef.current?.getBoundingClientRect();
    const bounds = (buttonRef.current?.closest('[data-menu-bounds]') ?? document.documentElement).getBoundingClientRect();
    setAbove(Boolean(menu && menu.bottom > bounds.bottom && menu.top - menu.height > bounds.top));
    const items = itemElements();
    (firstFocus === 'first' ? items[0] : items.at(-1))?.focus();
  }, [open, firstFocus]);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!wrapperRef.current?.contains(event.target as Node)) close(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const onMenuKeyDown = (event: KeyboardEvent) => {
    const items = itemElements();
    const index = items.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      event.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    };
    if (event.key === 'ArrowDown') move(index + 1);
    else if (event.key === 'ArrowUp') move(index - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(items.length - 1);
    else if (event.key === 'Tab') close(false);
    else if (event.key === 'Escape') {
      // Esc closes this menu only: not the drawer around it, nor a streaming answer.
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === ' ' && index >= 0) {
      // Space activates a link item too, as it does a button.
      event.preventDefault();
      items[index]!.click();
    }
  };

  return (
    <div ref={wrapperRef} className="relative">
      <button
        ref={buttonRef}
        id={buttonId}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : openAt('first'))}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            openAt(event.key === 'ArrowDown' ? 'first' : 'last');
          }
        }}
        className={className}
      >
        {children}
      </button>
      {open && (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-labelledby={buttonId}
          onKeyDown={onMenuKeyDown}
          onBlur={(event) => {
            if (!wrapperRef.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
          }}
          className={`absolute z-20 min-w-36 rounded-lg border border-border bg-bg py-1 shadow-lg ${align === 'end' ? 'right-0' : 'left-0'} ${
            above ? 'bottom-full mb-1' : 'top-full mt-1'
          }`}
        >
          {items.map((item) => {
            const content = (
              <>
                <span aria-hidden="true" className="text-muted">
                  {item.icon}
                </span>
                {item.label}
              </>
            );
            const itemClass = 'flex w-full items-center gap-2 px-3 py-1.5 text-left text-sm text-fg hover:bg-surface-strong focus:bg-surface-strong focus-visible:-outline-offset-2';
            return item.href ? (
              <a key={item.label} role="menuitem" tabIndex={-1} href={item.href} download onClick={() => close(true)} className={itemClass}>
                {content}
              </a>
            ) : (
              <button
                key={item.label}
                type="button"
                role="menuitem"
                tabIndex={-1}
                onClick={() => {
                  close(false);
                  item.onSelect?.();
                }}
                className={itemClass}
              >
                {content}
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}
