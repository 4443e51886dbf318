import type { components } from '@latchkey/api-client';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, useTokenSource } from '../api/client';
import { passkeyAssertion, type PasskeyAssertion } from '../api/passkey-assertion';
import { ApiError, dataOf, ensureOk } from '../api/problems';
import { forgetMagicLink, newPkcePair, rememberMagicLink } from '../composables/magic-links';

export type UserProfile = components['schemas']['UserProfileDto'];
type SignedIn = components['schemas']['SignedInDto'];
type MfaRequired = components['schemas']['MfaRequiredDto'];
/** A code from the authenticator app, or one of the account's recovery codes. */
export type SecondStepProof = { code: string } | { recoveryCode: string };

/**
 * A sign-in that waits for its second step (docs/architecture.md › Two-step verification): the password or
 * link was right, and the API wants a code before it hands out tokens. Kept in memory only, never in the
 * URL or storage: a reload starts the sign-in again.
 */
export interface SecondStep {
  mfaToken: string;
  methods: readonly string[];
  /** When the API stops taking codes for it (ms since the epoch). */
  expiresAt: number;
}

/**
 * The account states (docs/architecture.md › Account states and guards), as far as the SPA tells them apart.
 */
export type AccountState = 'guest' | 'unconfirmed' | 'pending-approval' | 'confirmed';

export interface Credentials {
  email: string;
  password: string;
}

/**
 * Whether this browser may have a refresh cookie. The cookie is HttpOnly, so we keep this hint (not a
 * secret) to spare visitors who never signed in a refresh request on every page load.
 */
const SESSION_HINT_KEY = 'latchkey.session';

/** Said when the second step is gone: expired, too many wrong codes, or a reload forgot it. */
export const SECOND_STEP_GONE = 'This sign-in waited too long or took too many wrong codes. Sign in again.';

export function accountStateOf(user: UserProfile | null): AccountState {
  if (!user) return 'guest';
  if (!user.emailConfirmed) return 'unconfirmed';
  if (!user.approved) return 'pending-approval';
  return 'confirmed';
}

/**
 * The session: the access token lives here, in memory only (docs/architecture.md › Tokens and sessions); the
 * refresh token is an HttpOnly
 * cookie the browser sends to /api/v1/auth by itself.
 */
export const useAuthStore = defineStore('auth', () => {
  const user = ref<UserProfile | null>(null);
  const accessToken = ref<string | null>(null);
  /** Set when the API refused to renew a session this tab had: logged out elsewhere, expired, disabled. */
  const sessionLost = ref(false);
  const secondStep = ref<SecondStep | null>(null);
  let refreshing: Promise<string | null> | undefined;
  let restoring: Promise<void> | undefined;

  const state = computed(() => accountStateOf(user.value));
  const isSignedIn = computed(() => user.value !== null);
  const isAdmin = computed(() => user.value?.role === 'admin');

  function startSession(signedIn: SignedIn): void {
    sessionLost.value = false;
    user.value = signedIn.user;
    accessToken.value = signedIn.accessToken;
    localStorage.setItem(SESSION_HINT_KEY, '1');
  }

  function endSession(): void {
    user.value = null;
    accessToken.value = null;
    localStorage.removeItem(SESSION_HINT_KEY);
  }

  /** Every caller that asks while a refresh runs gets that same refresh: the cookie rotates once. */
  function refreshAccessToken(): Promise<string | null> {
    refreshing ??= exchangeRefreshCookie().finally(() => (refreshing = undefined));
    return refreshing;
  }

  async function exchangeRefreshCookie(): Promise<string | null> {
    try {
      // JSON, and the header that no page of another site can send without a CORS preflight: the API spends
      // the cookie only for such a request (docs/architecture.md, Tokens and sessions).
      const result = await api.POST('/api/v1/auth/refresh', {
        body: {},
        params: { header: { 'X-Requested-With': 'fetch' } },
      });
      if (result.data) {
        startSession(result.data);
        return result.data.accessToken;
      }
      if (result.response.status === 401) {
        sessionLost.value = user.value !== null;
        endSession();
      }
    } catch {
      // Offline: keep what we have; the request that needed the token fails on its own.
    }
    return null;
  }

  /** Picks up the session this browser already has (a reload, a new tab): once per page load. */
  function restore(): Promise<void> {
    if (!localStorage.getItem(SESSION_HINT_KEY)) return Promise.resolve();
    restoring ??= refreshAccessToken().then(() => undefined);
    return restoring;
  }

  /** A sign-in's answer: the session, or (null) a second step to take first on the two-step page. */
  function signedInOrAsked(answer: SignedIn | MfaRequired): UserProfile | null {
    if ('mfaRequired' in answer) {
      const { mfaToken, methods, expiresIn } = answer;
      secondStep.value = { mfaToken, methods, expiresAt: Date.now() + expiresIn * 1000 };
      return null;
    }
    secondStep.value = null;
    startSession(answer);
    return user.value!;
  }

  /** Resolves the profile, or null when the account wants its second step (`secondStep`). */
  async function login(credentials: Credentials & { rememberMe: boolean }): Promise<UserProfile | null> {
    const body = { ...credentials, tokenDelivery: 'cookie' as const };
    return signedInOrAsked(dataOf(await api.POST('/api/v1/auth/login', { body })));
  }

  /**
   * Finishes a sign-in that waits for its second step. A wrong code throws INVALID_MFA_CODE with the tries
   * left; when none are left, or the step expired, it is forgotten and the person signs in again.
   */
  async function verifySecondStep(proof: SecondStepProof): Promise<UserProfile> {
    const step = secondStep.value;
    if (!step) throw new ApiError(401, 'INVALID_MFA_TOKEN', SECOND_STEP_GONE);
    try {
      startSession(
        dataOf(await api.POST('/api/v1/auth/mfa/verify', { body: { mfaToken: step.mfaToken, ...proof } })),
      );
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'INVALID_MFA_TOKEN' || error.triesLeft === 0)) {
        forgetSecondStep();
      }
      throw error;
    }
    secondStep.value = null;
    return user.value!;
  }

  function forgetSecondStep(): void {
    secondStep.value = null;
  }

  /**
   * Signs in with a passkey this browser or a phone nearby holds: the browser asks which one (no address
   * needed) and for the screen lock; the API answers like a password login. `assertion`: the answer the
   * person already gave (picked from the login page's autofill), instead of asking now.
   */
  async function loginWithPasskey(rememberMe: boolean, assertion?: PasskeyAssertion): Promise<UserProfile> {
    const proof = assertion ?? (await passkeyAssertion());
    const body = { ...proof, rememberMe, tokenDelivery: 'cookie' as const };
    startSession(dataOf(await api.POST('/api/v1/auth/passkeys/authentication', { body })));
    return user.value!;
  }

  /** Signs up, then logs straight in, so the home page can show what to do next. */
  async function signUp(input: Credentials & { nickname?: string }): Promise<void> {
    ensureOk(await api.POST('/api/v1/auth/signup', { body: input }));
    await login({ email: input.email, password: input.password, rememberMe: false });
  }

  /**
   * Signs up without a password: the API mails a "confirm and sign in" link, which signs in only together
   * with the verifier this browser keeps (composables/magic-links.ts).
   */
  async function signUpWithoutPassword(input: { email: string; nickname?: string }): Promise<void> {
    const { codeVerifier, codeChallenge } = await newPkcePair();
    ensureOk(await api.POST('/api/v1/auth/signup', { body: { ...input, codeChallenge } }));
    rememberMagicLink(input.email, codeVerifier);
  }

  /** Asks for a sign-in link and code for `email`; the answer is the same whether or not it has an account. */
  async function requestMagicLink(email: string): Promise<void> {
    const { codeVerifier, codeChallenge } = await newPkcePair();
    ensureOk(await api.POST('/api/v1/auth/magic-link', { body: { email, codeChallenge } }));
    rememberMagicLink(email, codeVerifier);
  }

  /** Signs in with a mailed link's token, or an address and the mail's code, and this browser's verifier. */
  async function verifyMagicLink(
    proof: { token: string } | { email: string; code: string },
    codeVerifier: string,
    rememberMe = false,
  ): Promise<UserProfile | null> {
    const body = { ...proof, codeVerifier, rememberMe, tokenDelivery: 'cookie' as const };
    const answer = dataOf(await api.POST('/api/v1/auth/magic-link/verify', { body }));
    // Spent either way: a second step that fails signs in again from the start.
    forgetMagicLink(codeVerifier);
    return signedInOrAsked(answer);
  }

  /**
   * Ends the session on the API, then here. A 401 means it had ended already; any other failure keeps the
   * session (and throws), so nobody walks away from a shared computer believing they logged out.
   */
  async function logout(): Promise<void> {
    if (accessToken.value) {
      const result = await api.POST('/api/v1/auth/logout');
      if (result.response.status !== 401) ensureOk(result);
    }
    endSession();
  }

  /**
   * Spends the token of a mailed link (the button on ConfirmEmailView); updates the profile when it is this
   * session's account.
   */
  async function confirmEmail(token: string): Promise<UserProfile> {
    const { user: confirmed } = dataOf(await api.POST('/api/v1/auth/email/confirm', { body: { token } }));
    if (user.value?.id === confirmed.id) user.value = confirmed;
    return confirmed;
  }

  /** Reads the profile again (its state may have changed in another tab or by an admin). */
  async function reloadProfile(): Promise<void> {
    if (!accessToken.value) return;
    const result = await api.GET('/api/v1/users/me');
    if (result.data) user.value = result.data;
    else if (result.response.status === 401) endSession();
  }

  /** Mails a new confirmation link to the signed-in account (at most one mail a minute, the API decides). */
  async function resendConfirmation(): Promise<void> {
    ensureOk(await api.POST('/api/v1/auth/email/resend'));
  }

  async function changeNickname(nickname: string): Promise<void> {
    user.value = dataOf(await api.PATCH('/api/v1/users/me', { body: { nickname } }));
  }

  async function changeLocale(locale: 'en' | 'de'): Promise<void> {
    user.value = dataOf(await api.PATCH('/api/v1/users/me', { body: { locale } }));
  }

  async function regenerateAvatar(): Promise<void> {
    user.value = dataOf(await api.POST('/api/v1/users/me/avatar'));
  }

  /*
   * The sensitive changes send the current password when the person typed one; without it the API wants a
   * recently authenticated session, which their forms obtain through the reauth store's withReauth.
   */

  /** The address changes only once the link mailed to the new one is confirmed on ConfirmEmailView. */
  async function requestEmailChange(newEmail: string, currentPassword?: string): Promise<void> {
    ensureOk(await api.POST('/api/v1/users/me/email', { body: { newEmail, currentPassword } }));
  }

  /** Other sessions end on the API; this one stays, and the profile now says it has a password. */
  async function changePassword(currentPassword: string | undefined, newPassword: string): Promise<void> {
    ensureOk(await api.PUT('/api/v1/users/me/password', { body: { currentPassword, newPassword } }));
    if (user.value) user.value = { ...user.value, hasPassword: true };
  }

  /** The API ends every session with the account, so this tab forgets it too. */
  async function deleteAccount(currentPassword?: string): Promise<void> {
    ensureOk(await api.DELETE('/api/v1/users/me', { body: { currentPassword } }));
    endSession();
  }

  useTokenSource({ accessToken: () => accessToken.value, refreshAccessToken });

  return {
    user,
    accessToken,
    sessionLost,
    secondStep,
    state,
    isSignedIn,
    isAdmin,
    refreshAccessToken,
    restore,
    login,
    verifySecondStep,
    forgetSecondStep,
    loginWithPasskey,
    signUp,
    signUpWithoutPassword,
    requestMagicLink,
    verifyMagicLink,
    logout,
    confirmEmail,
    reloadProfile,
    endSession,
    resendConfirmation,
    changeNickname,
    changeLocale,
    regenerateAvatar,
    requestEmailChange,
    changePassword,
    deleteAccount,
  };
});
