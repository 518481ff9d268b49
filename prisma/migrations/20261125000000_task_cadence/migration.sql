-- Issue 7 item 2: a task's reporting cadence can be set at confirm and changed afterwards (PATCH /api/v1/tasks/:id):
-- monthly (default), quarterly (periods named by the quarter's last month) or none (no periodic reports).
ALTER TABLE "work_tasks" DROP CONSTRAINT "work_tasks_cadence_check";
ALTER TABLE "work_tasks" ADD CONSTRAINT "work_tasks_cadence_check" CHECK ("cadence" IN ('monthly','quarterly','none'));
