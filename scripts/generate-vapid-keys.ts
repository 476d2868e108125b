/**
 * Prints a fresh VAPID key pair as environment lines: `npm run generate-vapid-keys`.
 * Without them the server generates a pair once and keeps it in the database;
 * set them to pin the identity (e.g. when moving databases). Subscriptions
 * made under one public key stop working under another.
 */
import webpush from 'web-push';

const { publicKey, privateKey } = webpush.generateVAPIDKeys();
process.stdout.write(
  [
    `VAPID_PUBLIC_KEY=${publicKey}`,
    `VAPID_PRIVATE_KEY=${privateKey}`,
    'VAPID_SUBJECT=mailto:you@example.com',
    '',
  ].join('\n'),
);
