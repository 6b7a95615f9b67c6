import { DispatchPage } from './pages/dispatch/dispatch-page';
import { Navigate, Route, Routes } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth/auth-context';
import { RequireAuth } from './auth/require-auth';
import { homePath, OFFICIAL_ROLES } from './auth/routes';
import { Layout } from './components/layout';
import { AuditPage } from './pages/audit/audit-page';
import { CasePage } from './pages/case/case-page';
import { CasesPage } from './pages/cases/cases-page';
import { DashboardPage } from './pages/dashboard/dashboard-page';
import { DeclareIndexPage, DeclarePage } from './pages/declare/declare-page';
import { DossierPage, EngagementPage, EvaluationPage } from './pages/evaluation/evaluation-pages';
import { HouseholdPage } from './pages/households/household-page';
import { HouseholdsPage } from './pages/households/households-page';
import { InboxPage } from './pages/inbox/inbox-page';
import { LoginPage } from './pages/login/login-page';
import { NotFoundPage } from './pages/not-found-page';
import { PublicNoticesPage } from './pages/public/public-notices-page';

function Home() {
  const { user } = useAuth();
  return <Navigate to={user ? homePath(user) : '/login'} replace />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Home />} />
        <Route path="login" element={<LoginPage />} />
        <Route path="public" element={<PublicNoticesPage />} />
        <Route path="inbox" element={<RequireAuth roles={OFFICIAL_ROLES}><InboxPage /></RequireAuth>} />
        <Route path="cases" element={<RequireAuth><CasesPage /></RequireAuth>} />
        <Route path="cases/:service/:id" element={<RequireAuth><CasePage /></RequireAuth>} />
        <Route path="declare" element={<RequireAuth roles={['village_officer']}><DeclareIndexPage /></RequireAuth>} />
        <Route path="declare/:service" element={<RequireAuth roles={['village_officer']}><DeclarePage /></RequireAuth>} />
        <Route path="households" element={<RequireAuth><HouseholdsPage /></RequireAuth>} />
        <Route path="households/:id" element={<RequireAuth><HouseholdPage /></RequireAuth>} />
        <Route path="dashboard" element={<RequireAuth><DashboardPage /></RequireAuth>} />
        <Route path="dispatch" element={<RequireAuth roles={['township_reviewer', 'county_officer', 'auditor']}><DispatchPage /></RequireAuth>} />
        <Route path="evaluation" element={<RequireAuth><EvaluationPage /></RequireAuth>} />
        <Route path="evaluation/:engagementId" element={<RequireAuth><EngagementPage /></RequireAuth>} />
        <Route
          path="evaluation/:engagementId/households/:householdId"
          element={<RequireAuth><DossierPage /></RequireAuth>}
        />
        <Route path="audit" element={<RequireAuth roles={['auditor']}><AuditPage /></RequireAuth>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function App() {
  return (
    <AuthProvider>
      <AppRoutes />
    </AuthProvider>
  );
}

export default App;
