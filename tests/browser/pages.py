"""The pages every browser check visits, and the window sizes it visits them at."""

# Add a page here and every browser check covers it, for the latest update and the earlier one.
PAGE_PATHS = (
    "/",
    "/missions/1/",
    "/commitments/1/",
    "/commitments/10/",
    "/commitments/16/",
    "/departments/",
    "/departments/dwp/",
    "/about/",
    "/data/",
    "/data/figures/",
    "/data/departments/",
    "/data/commitments/",
)

# An earlier update has gaps the latest does not (figures not yet reported, other statuses), so its markup differs.
EARLIER_PERIOD = "2023-09-update"

PAGES = PAGE_PATHS + tuple(f"{path}?period={EARLIER_PERIOD}" for path in PAGE_PATHS)

VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "mobile": {"width": 390, "height": 844},
}
