import { AppConfig } from '../../config/app-config';
import { PERSONAS, PersonasService } from './personas.service';

describe('persona passwords', () => {
  it.each(['8', '15', '64'])(
    'are as long as PASSWORD_MIN_LENGTH=%s asks, and the same on every run',
    (min) => {
      const config = new AppConfig({ NODE_ENV: 'test', PASSWORD_MIN_LENGTH: min });
      // passwordOf reads only the configuration; the repository and hasher are for seed().
      const service = new PersonasService(undefined as never, undefined as never, config);
      const passwords = PERSONAS.map((persona) => service.passwordOf(persona));
      for (const password of passwords) {
        expect([...password].length).toBeGreaterThanOrEqual(Number(min));
        // Longer than bcrypt's 72 bytes, a password could never sign in.
        expect(Buffer.byteLength(password)).toBeLessThanOrEqual(72);
      }
      expect(new Set(passwords).size).toBe(PERSONAS.length);
      expect(PERSONAS.map((persona) => service.passwordOf(persona))).toEqual(passwords);
    },
  );
});
