import { defineConfig } from 'drizzle-kit';

// Migrations are generated from src/db/schema.ts into drizzle/ (npm run db:generate) and
// applied at start-up by src/db/migrate.ts on PGlite and on a PostgreSQL server alike.
export default defineConfig({ dialect: 'postgresql', schema: './src/db/schema*.ts', out: './drizzle' });
