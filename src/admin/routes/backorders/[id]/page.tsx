import { Button, Container, Heading, Text, toast } from "@medusajs/ui"
import { Link, useParams } from "react-router-dom"
import { BackorderChargePanel } from "../../../components/backorder-charge-panel"
import { BackorderItems } from "../../../components/backorder-items"
import { BackorderStatusBadge } from "../../../components/backorder-status-badge"
import { useBackorder, useBackorderReadiness, useRecoverBackorder } from "../../../hooks/backorders"
import type { AdminBackorder } from "../../../../types"
import { orderPath } from "../../../lib/format"

const linkClass = "text-ui-fg-interactive txt-compact-small hover:underline"

/**
 * A back order held `charging` or `canceling`: a run is working on it, or it stopped midway
 * (killed, out of memory). Once the claim is older than a run can hold it, Retry makes the
 * status match the books (the server's recovery; the scheduled job does the same every minute).
 */
const BackorderClaimNotice = ({ backorder }: { backorder: AdminBackorder }) => {
  const recover = useRecoverBackorder(backorder.id)
  const action = backorder.status === "charging" ? "charge" : "cancel"
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="backorder-claim">
      <Text size="small" className="text-ui-fg-subtle">
        {backorder.recoverable
          ? `Its ${action} stopped before it finished. Retry sets the back order to what its orders and payments show.`
          : `A ${action} is under way${backorder.claimed_at ? ` since ${new Date(backorder.claimed_at).toLocaleTimeString()}` : ""}.`}
      </Text>
      {backorder.recoverable && (
        <Button
          size="small"
          variant="secondary"
          isLoading={recover.isPending}
          onClick={() =>
            recover.mutate(undefined, {
              onSuccess: ({ backorder: recovered }) =>
                toast.success("Back order recovered", { description: `It is ${recovered.status.replace("_", " ")} now.` }),
              onError: (error) =>
                toast.error("Could not recover the back order", {
                  description: error instanceof Error ? error.message : "The server did not answer as expected.",
                }),
            })
          }
        >
          Retry
        </Button>
      )}
    </div>
  )
}

/** "Needs 3 more; 2 back orders ahead": why a pending back order is not ready to ship yet. */
const BackorderReadinessNotice = ({ backorder }: { backorder: AdminBackorder }) => {
  const { data } = useBackorderReadiness(backorder.id, backorder.status === "pending" || backorder.status === "ready")
  const readiness = data?.readiness
  if (!readiness) {
    return null
  }
  const text = readiness.ready
    ? "The stock on hand covers it: ready to ship."
    : `Not ready: needs ${readiness.missing} more${
        readiness.ahead ? `; ${readiness.ahead} back order${readiness.ahead === 1 ? "" : "s"} ahead` : ""
      }.`
  return (
    <div className="px-6 py-4" data-testid="backorder-readiness">
      <Text size="small" className="text-ui-fg-subtle">
        {text}
      </Text>
    </div>
  )
}

const BackorderDetailPage = () => {
  const { id = "" } = useParams()
  const { data, error, isLoading } = useBackorder(id)

  if (error) {
    return (
      <Container className="px-6 py-4">
        <Text className="text-ui-fg-error">The back order could not be loaded: {error.message}</Text>
      </Container>
    )
  }
  if (isLoading || !data) {
    return (
      <Container className="px-6 py-4">
        <Text className="text-ui-fg-subtle">Loading back order...</Text>
      </Container>
    )
  }

  const { backorder } = data
  const { order } = backorder
  return (
    <div className="flex flex-col gap-y-3 xl:flex-row xl:items-start xl:gap-x-4" data-testid="backorder-detail">
      <Container className="min-w-0 divide-y p-0 xl:flex-1">
        <div className="flex items-center justify-between px-6 py-4">
          <div>
            <Heading>Back order{order ? ` #${order.display_id}` : ""}</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              {backorder.email ?? "Guest"} · {new Date(backorder.created_at).toLocaleString()}
            </Text>
          </div>
          <BackorderStatusBadge status={backorder.status} />
        </div>
        <div className="flex flex-col gap-y-1 px-6 py-4">
          {backorder.source_order && (
            <Link to={`/orders/${backorder.source_order.id}`} className={linkClass}>
              Source order #{backorder.source_order.display_id} (the available items)
            </Link>
          )}
          {order && (
            <Link to={orderPath(order)} className={linkClass}>
              {order.is_draft_order ? "Draft order" : "Order"} #{order.display_id} (the back-ordered items)
            </Link>
          )}
        </div>
        {(backorder.status === "charging" || backorder.status === "canceling") && (
          <BackorderClaimNotice backorder={backorder} />
        )}
        <BackorderReadinessNotice backorder={backorder} />
        {order && <BackorderItems order={order} />}
      </Container>
      <Container className="min-w-0 divide-y p-0 xl:w-[400px] xl:shrink-0">
        <div className="px-6 py-4">
          <Heading level="h2">{backorder.status === "pending" || backorder.status === "ready" ? "Shipping and charge" : "Result"}</Heading>
        </div>
        <div className="px-6 py-4">
          <BackorderChargePanel backorder={backorder} />
        </div>
      </Container>
    </div>
  )
}

export default BackorderDetailPage
