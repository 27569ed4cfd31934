// `npm run db:seed`: migrate DATABASE_URL and load the demo data once (a server never gets it unasked).
export {};
process.argv.push('--seed');
await import('./migrate');
