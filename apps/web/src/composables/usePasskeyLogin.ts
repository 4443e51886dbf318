import { browserSupportsWebAuthnAutofill, WebAuthnAbortService } from '@simplewebauthn/browser';
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import {
  answerChallenge,
  authenticationChallenge,
  type AuthenticationChallenge,
  type PasskeyAssertion,
} from '../api/passkey-assertion';
import { useAuthStore } from '../stores/auth';
import { passkeyErrorText } from './usePasskeys';

/** How long a challenge lives when the options do not say (the API's, docs/architecture.md › Passkeys). */
const CHALLENGE_LIFETIME_MS = 5 * 60 * 1000;
/** Renewed this long before the API lets it expire, so a passkey picked at the last moment still counts. */
const RENEWAL_MARGIN_MS = 30 * 1000;

interface HeldChallenge {
  challenge: AuthenticationChallenge;
  /** When to stop offering it (ms since the epoch). */
  renewAt: number;
}

/**
 * Passkey sign-in on the login page (docs/architecture.md › Passwordless sign-in), two ways that share one
 * challenge: the browser's autofill (conditional mediation: the email field offers this site's passkeys) and
 * the button (the browser's prompt). Each challenge costs a request the API counts toward its sign-in rate
 * limit, so a page view asks for one and both ways use it until a passkey answers it: the button takes over
 * the pending autofill request (starting a ceremony aborts the one before), and a cancelled prompt hands it
 * back. Only the person's own acts show errors: a refused or aborted autofill request before anyone picked
 * a passkey stays silent, and so does a failed request for options, which leaves the button to ask again.
 *
 * A challenge lives 5 minutes. When it is about to expire and the page is visible, the autofill request is
 * renewed with a new challenge; on a hidden page that waits until it is shown again. A page left open and
 * in view so asks for a challenge every 4½ minutes, a background tab for none.
 */
export function usePasskeyLogin(rememberMe: Ref<boolean>, signedIn: () => Promise<void>) {
  const auth = useAuthStore();
  /** Signing in: a prompt is open, or a picked passkey is being checked. */
  const busy = ref(false);
  const error = ref('');
  let held: HeldChallenge | undefined;
  /** The pending autofill request: the passkey picked, or nothing once refused or aborted. */
  let autofilling: Promise<PasskeyAssertion | undefined> | undefined;
  let renewal: ReturnType<typeof setTimeout> | undefined;
  /** Whether this browser offers passkeys as autofill (and the page asked it to). */
  let autofillOn = false;
  let stopped = false;

  async function currentChallenge(): Promise<AuthenticationChallenge> {
    if (held && Date.now() < held.renewAt) return held.challenge;
    const challenge = await authenticationChallenge();
    const lifetime = challenge.optionsJSON.timeout ?? CHALLENGE_LIFETIME_MS;
    held = { challenge, renewAt: Date.now() + lifetime - RENEWAL_MARGIN_MS };
    return challenge;
  }

  /** A passkey answered: the API spends its challenge whatever comes of the sign-in. */
  async function finish(assertion: PasskeyAssertion): Promise<void> {
    if (held?.challenge.challengeId === assertion.challengeId) held = undefined;
    await auth.loginWithPasskey(rememberMe.value, assertion);
    await signedIn();
  }

  function startAutofill(): void {
    if (!autofillOn || stopped || busy.value || autofilling) return;
    autofilling = pickFromAutofill().finally(() => (autofilling = undefined));
    void autofilling.then((assertion) => assertion && signIn(() => finish(assertion)));
  }

  async function pickFromAutofill(): Promise<PasskeyAssertion | undefined> {
    try {
      const challenge = await currentChallenge();
      if (stopped || busy.value) return undefined;
      scheduleRenewal();
      return await answerChallenge(challenge, true);
    } catch {
      // Aborted (the page left, the button took over, a renewal) or refused before anyone picked: nothing
      // the person did, so nothing to say.
      return undefined;
    }
  }

  /** The button: the browser's prompt, for the challenge the autofill request holds (which it aborts). */
  function signInWithPrompt(): Promise<void> {
    return signIn(async () => finish(await answerChallenge(await currentChallenge())));
  }

  /** The person acted (picked a passkey, or pressed the button): failures are theirs to read. */
  async function signIn(work: () => Promise<void>): Promise<void> {
    if (busy.value) return;
    busy.value = true;
    error.value = '';
    try {
      await work();
      return;
    } catch (failure) {
      error.value = passkeyErrorText(failure);
    } finally {
      busy.value = false;
    }
    // Not signed in: autofill again once the request this one aborted has settled, with the same challenge
    // unless a passkey spent it.
    void Promise.resolve(autofilling).then(startAutofill);
  }

  function scheduleRenewal(): void {
    clearTimeout(renewal);
    if (held) renewal = setTimeout(renewWhenVisible, Math.max(0, held.renewAt - Date.now()));
  }

  async function renewWhenVisible(): Promise<void> {
    const due = held !== undefined && Date.now() >= held.renewAt;
    if (stopped || busy.value || !due || document.visibilityState !== 'visible') return;
    if (autofilling) {
      WebAuthnAbortService.cancelCeremony();
      await autofilling;
    }
    startAutofill();
  }

  function onVisibilityChange(): void {
    void renewWhenVisible();
  }

  onMounted(async () => {
    autofillOn = await browserSupportsWebAuthnAutofill().catch(() => false);
    if (!autofillOn || stopped) return;
    document.addEventListener('visibilitychange', onVisibilityChange);
    startAutofill();
  });

  onBeforeUnmount(() => {
    stopped = true;
    clearTimeout(renewal);
    document.removeEventListener('visibilitychange', onVisibilityChange);
    if (autofilling || busy.value) WebAuthnAbortService.cancelCeremony();
  });

  return { busy, error, signInWithPrompt };
}
