// The peer achilles-coach is measured against (issue 16): what a developer would write instead,
// a grammY webhook bot on better-sqlite3 that stores each update durably (WAL,
// synchronous=FULL) and replies through the Bot API before it answers the webhook.
//
//   PORT=18182 API_ROOT=http://127.0.0.1:PORT_OF_FAKE DB=peer.db SECRET=... node server.mjs
import { createServer } from "node:http";
import Database from "better-sqlite3";
import { Bot, webhookCallback } from "grammy";

const db = new Database(process.env.DB);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.exec(
  "CREATE TABLE IF NOT EXISTS updates (update_id INTEGER PRIMARY KEY, chat_id INTEGER, text TEXT)",
);
const store = db.prepare("INSERT OR IGNORE INTO updates VALUES (?, ?, ?)");

const bot = new Bot("1:bench", {
  client: { apiRoot: process.env.API_ROOT },
  botInfo: {
    id: 1,
    is_bot: true,
    first_name: "Peer",
    username: "PeerBot",
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  },
});
bot.on("message", async (ctx) => {
  store.run(ctx.update.update_id, ctx.chat.id, ctx.message.text ?? "");
  await ctx.reply("Thanks, noted: " + (ctx.message.text ?? "").slice(0, 100));
});

createServer(webhookCallback(bot, "http", { secretToken: process.env.SECRET })).listen(
  Number(process.env.PORT),
  "127.0.0.1",
);
