import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ErrorState } from './states.js';

/**
 * A page that throws shows what went wrong instead of blanking the whole app; moving to another
 * page (a new `resetKey`) tries again.
 */
export class ErrorBoundary extends Component<
  { resetKey: string; children: ReactNode },
  { error: Error | null; key: string }
> {
  override state = { error: null as Error | null, key: this.props.resetKey };

  static getDerivedStateFromProps(
    props: { resetKey: string },
    state: { error: Error | null; key: string },
  ) {
    return props.resetKey === state.key ? null : { error: null, key: props.resetKey };
  }

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('page failed', error, info.componentStack);
  }

  override render() {
    if (this.state.error)
      return (
        <ErrorState
          title="This page failed"
          error={`${this.state.error.message}. Reload, or go to another page.`}
        />
      );
    return this.props.children;
  }
}
