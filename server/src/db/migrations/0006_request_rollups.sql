CREATE TABLE "request_rollup_counters" (
	"org_node_id" integer NOT NULL,
	"month" date NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"responded" integer DEFAULT 0 NOT NULL,
	"responded_on_time" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"self_resolved" integer DEFAULT 0 NOT NULL,
	"merged" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"escalated" integer DEFAULT 0 NOT NULL,
	"followed_up" integer DEFAULT 0 NOT NULL,
	"solved" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"basically_satisfied" integer DEFAULT 0 NOT NULL,
	"unsatisfied" integer DEFAULT 0 NOT NULL,
	"no_reply" integer DEFAULT 0 NOT NULL,
	"reopened" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "request_rollup_counters_pkey" PRIMARY KEY("org_node_id","month")
);
--> statement-breakpoint
ALTER TABLE "request_rollup_counters" ADD CONSTRAINT "request_rollup_counters_org_node_id_org_nodes_id_fk" FOREIGN KEY ("org_node_id") REFERENCES "public"."org_nodes"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- Databases that already hold requests: roll the per-node counters up to their towns (requests.counters.ts keeps them from here on).
INSERT INTO "request_rollup_counters" ("org_node_id", "month", "received", "responded", "responded_on_time", "resolved", "self_resolved", "merged", "rejected", "escalated", "followed_up", "solved", "satisfied", "basically_satisfied", "unsatisfied", "no_reply", "reopened")
SELECT coalesce(t.id, c.org_node_id), c.month, sum(c.received), sum(c.responded), sum(c.responded_on_time), sum(c.resolved), sum(c.self_resolved), sum(c.merged), sum(c.rejected), sum(c.escalated), sum(c.followed_up), sum(c.solved), sum(c.satisfied), sum(c.basically_satisfied), sum(c.unsatisfied), sum(c.no_reply), sum(c.reopened)
FROM "request_counters" c
JOIN "org_nodes" n ON n.id = c.org_node_id
LEFT JOIN LATERAL (SELECT t.id FROM "org_nodes" t WHERE t.kind = 'town' AND t.path @> n.path ORDER BY t.depth DESC LIMIT 1) t ON true
GROUP BY 1, 2;
