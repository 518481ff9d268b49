import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { loadSession, login as apiLogin, saveSession, setUnauthorizedHandler, type Session } from './api';
import { clearReferenceCache } from './reference';

interface AuthState {
  session: Session | null;
  login(username: string, password: string): Promise<Session>;
  logout(): void;
}
const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const logout = useCallback(() => {
    saveSession(null);
    clearReferenceCache();
    setSession(null);
  }, []);
  useEffect(() => setUnauthorizedHandler(logout), [logout]);
  const login = useCallback(async (u: string, p: string) => {
    clearReferenceCache();
    const s = await apiLogin(u, p);
    setSession(s);
    return s;
  }, []);
  const value = useMemo(() => ({ session, login, logout }), [session, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const a = useContext(AuthContext);
  if (!a) throw new Error('useAuth outside AuthProvider');
  return a;
}

/** The logged-in user (only under the authenticated layout). */
export function useUser() {
  const { session } = useAuth();
  if (!session) throw new Error('not logged in');
  return session.user;
}
