import { Link } from 'react-router-dom';
import { EmptyState } from '../components/status';

export function NotFoundPage() {
  return (
    <EmptyState title="页面不存在" testId="not-found">
      <p>
        请检查网址，或 <Link to="/">返回首页</Link>。
      </p>
    </EmptyState>
  );
}
