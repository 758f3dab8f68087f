#define BOOST_TEST_MODULE reel gateway
#include <boost/test/unit_test.hpp>
