"""The teaching kit: replaying play records, debrief exports, class reports and serving to browsers."""
